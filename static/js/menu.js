// The module menu folds away behind a "Menu" button on narrow screens (CSS decides when: .module-nav[data-folded]).
// Without JavaScript the button stays hidden and the menu open.
(function () {
  const nav = document.querySelector(".module-nav");
  const button = nav && nav.querySelector(".menu-toggle");
  if (!button) return;
  nav.dataset.folded = "";
  button.hidden = false;
  button.addEventListener("click", function () {
    const open = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", String(!open));
    if (open) {
      nav.dataset.folded = "";
    } else {
      delete nav.dataset.folded;
    }
  });
})();
