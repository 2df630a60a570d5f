// Progressive enhancement only: every page works without this file.
document.documentElement.classList.add("js");

function focusErrorSummary() {
  // Move focus to the error summary so screen readers announce what went wrong.
  const summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
}

function linkErrorsToFields() {
  // A link in the error summary puts the cursor in the field, with its label in view.
  // Without this script the link still scrolls to the field.
  document.querySelectorAll(".error-summary a[href^='#']").forEach((link) => {
    link.addEventListener("click", (event) => {
      const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!target) {
        return;
      }
      const control = target.matches("input, select, textarea")
        ? target
        : target.querySelector("input:checked")
          || target.querySelector("input:not([type=hidden]), select, textarea");
      if (!control) {
        return;
      }
      event.preventDefault();
      const caption = (target.tagName === "FIELDSET" && target.querySelector("legend"))
        || document.querySelector(`label[for="${CSS.escape(control.id)}"]`)
        || control;
      caption.scrollIntoView();
      control.focus({ preventScroll: true });
    });
  });
}

function foldMenu() {
  // Without this script the menu is simply open; on narrow screens the CSS hides a
  // folded menu behind the button, on wide screens the button is not shown at all.
  const toggle = document.querySelector(".menu-toggle");
  const content = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
  if (!content) {
    return;
  }
  const setOpen = (open) => {
    toggle.setAttribute("aria-expanded", String(open));
    content.classList.toggle("is-folded", !open);
  };
  toggle.hidden = false;
  setOpen(false);
  toggle.addEventListener("click", () => {
    setOpen(toggle.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", (event) => {
    // Escape closes an open menu and returns focus to its button: no keyboard trap.
    if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true"
        && window.getComputedStyle(toggle).display !== "none") {
      setOpen(false);
      toggle.focus();
    }
  });
}

function placeFilters() {
  // A list's filters are a <details>: closed, so a phone shows the results first, and
  // openable without this script. Beside the list on a wide screen they stay open.
  const panels = document.querySelectorAll("details.filter-panel");
  if (!panels.length) {
    return;
  }
  const wide = window.matchMedia("(min-width: 50rem)");
  const place = () => panels.forEach((panel) => { panel.open = wide.matches; });
  place();
  wide.addEventListener("change", place);
}

function offerPrinting() {
  // A print button only where printing is wanted (the council brief); without this
  // script it stays hidden and the browser's own print command does the same.
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
}

document.addEventListener("DOMContentLoaded", () => {
  offerPrinting();
  foldMenu();
  placeFilters();
  linkErrorsToFields();
  focusErrorSummary();
});
