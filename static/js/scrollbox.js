// A table wider than the screen scrolls inside its .table-wrap box. A box that scrolls must be reachable by keyboard
// (WCAG 2.1.1): when it overflows it becomes a focusable, named region; when it fits again it stops being a tab stop.
// Boxes a template already made focusable (tabindex in the markup) are left as they are.
(function () {
  function label(box) {
    const caption = box.querySelector("caption");
    if (caption) return caption.textContent.trim();
    let node = box.previousElementSibling;
    while (node && !/^H[1-6]$/.test(node.tagName)) node = node.previousElementSibling;
    if (!node) {
      const section = box.closest("section, main");
      node = section && section.querySelector("h1, h2, h3");
    }
    return node ? node.textContent.trim() : document.title;
  }

  function update() {
    document.querySelectorAll(".table-wrap").forEach(function (box) {
      if (box.hasAttribute("tabindex") && !("scrollbox" in box.dataset)) return;
      if (box.scrollWidth > box.clientWidth + 1) {
        if (!("scrollbox" in box.dataset)) {
          box.dataset.scrollbox = "";
          box.tabIndex = 0;
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", label(box));
        }
      } else if ("scrollbox" in box.dataset) {
        delete box.dataset.scrollbox;
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  update();
  window.addEventListener("resize", update);
  document.addEventListener("htmx:afterSettle", update);
})();
