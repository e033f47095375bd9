// On narrow screens the account links and the module menu fold away behind one "Menu" button in the header's first
// row (CSS decides when: .site-header[data-folded]), so a page starts near the top of a phone's screen.
// Without JavaScript the button stays hidden and everything open.
(function () {
  const header = document.querySelector(".site-header");
  const button = header && header.querySelector(".menu-toggle");
  if (!button) return;
  header.dataset.folded = "";
  button.hidden = false;
  button.addEventListener("click", function () {
    const open = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", String(!open));
    if (open) {
      header.dataset.folded = "";
    } else {
      delete header.dataset.folded;
    }
  });
})();

// Blocks marked .fold-narrow (the plan's filters) start folded on a phone; open by default everywhere else and
// without JavaScript.
(function () {
  if (!window.matchMedia("(max-width: 40rem)").matches) return;
  document.querySelectorAll("details.fold-narrow[open]").forEach(function (block) {
    block.open = false;
  });
})();
