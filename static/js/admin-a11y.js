/* Accessibility fixes for widgets that Django's admin builds with JavaScript
   (loaded by templates/admin/base_site.html). Each fix names the WCAG rule.
   The widgets' scripts build their markup after the page loaded; a
   MutationObserver applies the fixes whenever they add some. */
'use strict';
{
    let labelCount = 0;

    function labelId(label) {
        if (!label.id) {
            labelCount += 1;
            label.id = `rh-admin-label-${labelCount}`;
        }
        return label.id;
    }

    // Split date/time fields: Django writes "Date:" and "Time:" as bare text
    // before the two inputs, so they have no label (1.3.1, 4.1.2). The text
    // becomes a <label>, and each input is named by the field's label plus it.
    function labelSplitDateTimes(root) {
        for (const paragraph of root.querySelectorAll('p.datetime')) {
            const row = paragraph.closest('.form-row, .fieldBox, td');
            const fieldLabel = row && row.querySelector('label:not([for])');
            for (const input of paragraph.querySelectorAll('input[id]')) {
                let text = input.previousSibling;
                while (text && text.nodeType === Node.ELEMENT_NODE && text.tagName === 'BR') {
                    text = text.previousSibling;
                }
                if (!text || text.nodeType !== Node.TEXT_NODE || !text.textContent.trim()) {
                    continue;
                }
                const label = document.createElement('label');
                label.htmlFor = input.id;
                label.textContent = text.textContent.trim();
                paragraph.replaceChild(label, text);
                paragraph.insertBefore(document.createTextNode(' '), input);
                if (fieldLabel) {
                    input.setAttribute('aria-labelledby', `${labelId(fieldLabel)} ${labelId(label)}`);
                }
            }
        }
    }

    // Autocomplete fields (select2): the combobox is named only by its current
    // value, so an empty one has no name (4.1.2). Name it by the field's label
    // and its value; the value's box (role=textbox) by the label.
    function nameAutocompletes(root) {
        for (const select of root.querySelectorAll('select.admin-autocomplete[id]')) {
            const label = document.querySelector(`label[for="${select.id}"]`);
            const container = document.getElementById(`select2-${select.id}-container`);
            const combobox = container && container.closest('.select2-selection');
            if (!label || !combobox) {
                continue;
            }
            combobox.setAttribute('aria-labelledby', `${labelId(label)} ${container.id}`);
            container.setAttribute('aria-labelledby', labelId(label));
        }
    }

    // The two-list selector (filter_horizontal): its search icons carry an
    // aria-label on a plain <span>, which ARIA does not allow (4.1.2).
    function roleForFilterIcons(root) {
        for (const icon of root.querySelectorAll('.search-label-icon[aria-label]:not([role])')) {
            icon.setAttribute('role', 'img');
        }
    }

    // select2 and SelectFilter2 build their markup at different moments (jQuery's
    // ready, window load, a new inline row); fix whatever they add, when they add it.
    function fixWidgets(root) {
        nameAutocompletes(root);
        roleForFilterIcons(root);
    }

    document.addEventListener('DOMContentLoaded', () => {
        labelSplitDateTimes(document);
        fixWidgets(document);
        new MutationObserver((mutations) => {
            if (mutations.some((mutation) => mutation.addedNodes.length)) {
                fixWidgets(document);
            }
        }).observe(document.body, {childList: true, subtree: true});
    });
    document.addEventListener('formset:added', (event) => labelSplitDateTimes(event.target));
}
