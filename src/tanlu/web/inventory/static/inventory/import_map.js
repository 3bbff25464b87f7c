// The mapping step: a site's grid-region field matters only when the name becomes a new site, so it is shown
// only while "A new site" is chosen for that name (the server renders the same rule; without script the field
// stays where the server put it and is ignored for an existing site).
document.addEventListener("change", (event) => {
  const select = event.target;
  if (!(select instanceof HTMLSelectElement)) return;
  const field = document.querySelector(`[data-new-site-for="${select.id}"]`);
  if (field instanceof HTMLElement) field.hidden = select.value !== field.dataset.newSite;
});
