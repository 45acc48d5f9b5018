// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Move focus to the main region after an htmx swap of results, so screen
  // reader users learn that the content changed (the count sits in a live region),
  // but only when the element that had the focus was swapped away (a pagination
  // link): after the filter form's button the focus stays where the user is.
  // An error summary after a failed form submission takes the focus, so the
  // errors are read first and each links to its field.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-focus-on-load]");
    if (summary) {
      summary.focus();
    }
    document.querySelectorAll("[data-autocomplete]").forEach(enhanceAutocomplete);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || !target.hasAttribute("data-focus-after-swap")) {
      return;
    }
    var active = document.activeElement;
    if (!active || active === document.body || !active.isConnected) {
      target.focus();
    }
  });

  // The partner field as a combobox (WAI-ARIA APG "list autocomplete"): htmx
  // puts the server's suggestions into the popup; this adds the roles, the
  // arrow keys, Enter to choose, Escape to close. The form still sends the text.
  function enhanceAutocomplete(box) {
    var input = box.querySelector("[data-autocomplete-input]");
    var popup = box.querySelector(".rh-autocomplete__popup");
    var status = box.querySelector("[data-autocomplete-status]");
    if (!input || !popup || input.getAttribute("role") === "combobox") {
      return;
    }
    var active = -1;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");

    function options() {
      return Array.prototype.slice.call(popup.querySelectorAll("[role=option]"));
    }
    function highlight(index) {
      var all = options();
      active = index;
      all.forEach(function (option, i) {
        var on = i === index;
        option.setAttribute("aria-selected", on ? "true" : "false");
        option.classList.toggle("rh-autocomplete__option--active", on);
      });
      if (index >= 0 && all[index]) {
        input.setAttribute("aria-activedescendant", all[index].id);
        all[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function close() {
      popup.innerHTML = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      input.removeAttribute("aria-controls");
    }
    function choose(option) {
      input.value = option.getAttribute("data-value");
      close();
      status.textContent = option.getAttribute("data-value");
      input.focus();
    }

    popup.addEventListener("htmx:afterSwap", function () {
      var list = popup.querySelector("[role=listbox]");
      var message = popup.querySelector("[data-status]");
      active = -1;
      status.textContent = message ? message.getAttribute("data-status") : "";
      if (!list || document.activeElement !== input) {
        input.setAttribute("aria-expanded", "false");
        input.removeAttribute("aria-controls");
        if (document.activeElement !== input) {
          popup.innerHTML = "";
        }
        return;
      }
      list.id = popup.id + "-list";
      options().forEach(function (option, i) {
        option.id = popup.id + "-option-" + i;
      });
      input.setAttribute("aria-controls", list.id);
      input.setAttribute("aria-expanded", "true");
    });
    input.addEventListener("keydown", function (event) {
      var all = options();
      var open = input.getAttribute("aria-expanded") === "true";
      if (event.key === "ArrowDown" && open) {
        event.preventDefault();
        highlight(active + 1 < all.length ? active + 1 : 0);
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(active > 0 ? active - 1 : all.length - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault(); // choose; the next Enter sends the form
        choose(all[active]);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    popup.addEventListener("mousedown", function (event) {
      event.preventDefault(); // keep the focus in the field
    });
    popup.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) {
        choose(option);
      }
    });
    box.addEventListener("focusout", function (event) {
      if (!box.contains(event.relatedTarget)) {
        close();
      }
    });
  }
})();
