// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the error summary so screen readers announce what went wrong.
  const summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
});
