// After htmx swaps in the next step of the request wizard, move the focus to its
// title (or to the error summary), as a page load would for a screen reader.
document.addEventListener("htmx:afterSettle", (event) => {
  const target = event.detail.elt.querySelector?.("#error-summary, #step-title")
    || document.querySelector("#error-summary, #step-title");
  if (target) target.focus();
});
