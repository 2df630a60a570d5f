// A searchable picker over a <select multiple>, after the WAI-ARIA combobox pattern
// with a listbox popup. Progressive enhancement: without this script the select is
// the control, and with it the select stays in the form (hidden) and carries the
// choices, so the server sees the same field either way.
//
// The wrapper's data attributes hold the translated texts; "{name}" and "{count}"
// are filled in here.

(() => {
  const MAX_SHOWN = 50;

  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const fill = (template, values) =>
    template.replace(/\{(\w+)\}/g, (match, key) => (key in values ? values[key] : match));

  function enhance(wrapper) {
    const select = wrapper.querySelector("select[multiple]");
    if (!select || select.dataset.enhanced) {
      return;
    }
    select.dataset.enhanced = "true";
    const texts = wrapper.dataset;
    const base = select.id;
    const label = wrapper.querySelector(`label[for="${CSS.escape(base)}"]`);
    const hint = document.getElementById(`${base}-hint`);

    const chosen = document.createElement("ul");
    chosen.className = "combobox__chosen";
    chosen.setAttribute("aria-label", texts.chosen);

    const input = document.createElement("input");
    input.type = "text";
    input.id = `${base}-search`;
    input.className = "field__input combobox__input";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", `${base}-listbox`);
    for (const name of ["aria-describedby", "aria-invalid"]) {
      if (select.hasAttribute(name)) {
        input.setAttribute(name, select.getAttribute(name));
      }
    }

    const listbox = document.createElement("ul");
    listbox.id = `${base}-listbox`;
    listbox.className = "combobox__listbox";
    listbox.setAttribute("role", "listbox");
    listbox.hidden = true;

    const status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.id = `${base}-status`;

    if (label) {
      label.id = label.id || `${base}-label`;
      label.htmlFor = input.id;
      listbox.setAttribute("aria-labelledby", label.id);
    }
    if (hint && texts.hint) {
      hint.textContent = texts.hint;
    }

    const box = document.createElement("div");
    box.className = "combobox";
    box.append(chosen, input, listbox, status);
    select.after(box);
    select.hidden = true;

    const options = [...select.options].filter((option) => option.value);
    let shown = [];
    let active = -1;
    let announceTimer = null;

    const announce = (message) => {
      // Emptied first, so the same message twice is still read out.
      status.textContent = "";
      window.setTimeout(() => { status.textContent = message; }, 50);
    };

    const close = () => {
      // A count still waiting to be read out is stale once the list closes.
      window.clearTimeout(announceTimer);
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    };

    const setActive = (index) => {
      const items = listbox.children;
      if (active >= 0 && items[active]) {
        items[active].setAttribute("aria-selected", "false");
        items[active].classList.remove("is-active");
      }
      active = index;
      if (index < 0 || !items[index]) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      items[index].setAttribute("aria-selected", "true");
      items[index].classList.add("is-active");
      input.setAttribute("aria-activedescendant", items[index].id);
      items[index].scrollIntoView({ block: "nearest" });
    };

    const renderChosen = () => {
      chosen.replaceChildren();
      for (const option of options.filter((o) => o.selected)) {
        const item = document.createElement("li");
        item.className = "combobox__choice";
        const name = document.createElement("span");
        name.textContent = option.text;
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "combobox__remove";
        remove.dataset.value = option.value;
        remove.setAttribute("aria-label", fill(texts.remove, { name: option.text }));
        remove.textContent = "×";
        item.append(name, remove);
        chosen.append(item);
      }
      chosen.hidden = chosen.children.length === 0;
    };

    const open = (announceCount) => {
      const query = fold(input.value.trim());
      const matches = options.filter((o) => !o.selected && fold(o.text).includes(query));
      shown = matches.slice(0, MAX_SHOWN);
      listbox.replaceChildren(
        ...shown.map((option, index) => {
          const item = document.createElement("li");
          item.id = `${base}-option-${index}`;
          item.className = "combobox__option";
          item.setAttribute("role", "option");
          item.setAttribute("aria-selected", "false");
          item.textContent = option.text;
          return item;
        }),
      );
      active = -1;
      input.removeAttribute("aria-activedescendant");
      listbox.hidden = shown.length === 0;
      input.setAttribute("aria-expanded", String(shown.length > 0));
      if (announceCount) {
        window.clearTimeout(announceTimer);
        announceTimer = window.setTimeout(() => {
          if (!matches.length) {
            announce(texts.none);
          } else {
            announce(fill(matches.length === 1 ? texts.foundOne : texts.foundMany,
              { count: matches.length }));
          }
        }, 400);
      }
    };

    const add = (option) => {
      option.selected = true;
      input.value = "";
      close();
      renderChosen();
      announce(fill(texts.added, { name: option.text }));
    };

    input.addEventListener("input", () => open(true));
    input.addEventListener("focus", () => { if (input.value) open(false); });
    input.addEventListener("blur", () => window.setTimeout(close, 150));
    input.addEventListener("keydown", (event) => {
      const expanded = !listbox.hidden;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!expanded) {
            open(true);
            setActive(shown.length ? 0 : -1);
          } else {
            setActive(Math.min(active + 1, shown.length - 1));
          }
          break;
        case "ArrowUp":
          event.preventDefault();
          if (expanded) {
            setActive(active <= 0 ? shown.length - 1 : active - 1);
          }
          break;
        case "Enter":
          // Choosing, never sending the form half-filled.
          if (expanded && active >= 0) {
            event.preventDefault();
            add(shown[active]);
          } else if (input.value) {
            event.preventDefault();
          }
          break;
        case "Escape":
          if (expanded) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
          }
          break;
        default:
      }
    });
    // mousedown, not click: the input keeps the focus, so the list does not close first.
    listbox.addEventListener("mousedown", (event) => {
      const item = event.target.closest("[role=option]");
      if (!item) {
        return;
      }
      event.preventDefault();
      add(shown[[...listbox.children].indexOf(item)]);
    });
    chosen.addEventListener("click", (event) => {
      const button = event.target.closest(".combobox__remove");
      if (!button) {
        return;
      }
      const option = options.find((o) => o.value === button.dataset.value);
      const buttons = [...chosen.querySelectorAll(".combobox__remove")];
      const next = buttons[buttons.indexOf(button) + 1] || buttons[buttons.indexOf(button) - 1];
      const nextValue = next && next.dataset.value;
      option.selected = false;
      renderChosen();
      announce(fill(texts.removed, { name: option.text }));
      // The focus stays among the chosen partners, or returns to the search field.
      const target = nextValue
        && chosen.querySelector(`.combobox__remove[data-value="${CSS.escape(nextValue)}"]`);
      (target || input).focus();
    });

    renderChosen();
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-combobox]").forEach(enhance);
  });
})();
