// Forms with a <label> on every control and API errors shown next to the field they name.
import { h, toast } from './dom.js';

let seq = 0;

/**
 * fields: [{name, label, type ('text'|'number'|'select'|'checkbox'|'date'|'textarea'), options: [[value, text]],
 *           required, placeholder, hint, value, grow, aliases: [api field names that mean this control]}]
 * onSubmit(values) may throw an ApiError; its field (or a matching alias) decides where the message goes.
 */
export function form({ id, fields, submitLabel = 'Save', onSubmit, layout = 'inline', submitClass = 'btn btn-primary', extra }) {
  const prefix = id || 'f' + (++seq);
  const controls = new Map();
  const errorEls = new Map();
  const formEl = h('form', { id: prefix, class: layout, novalidate: true });
  for (const f of fields) {
    const cid = `${prefix}-${f.name}`;
    const errId = cid + '-error';
    let control;
    const common = { id: cid, name: f.name, required: f.required, 'aria-describedby': f.hint ? cid + '-hint' : null };
    if (f.type === 'select') {
      control = h('select', common, (f.options || []).map(([v, t]) => h('option', { value: v, selected: String(f.value ?? '') === String(v) }, t)));
    } else if (f.type === 'textarea') {
      control = h('textarea', { ...common, rows: f.rows || 2, placeholder: f.placeholder }, f.value ?? '');
    } else if (f.type === 'checkbox') {
      control = h('input', { ...common, type: 'checkbox', checked: !!f.value });
    } else {
      control = h('input', {
        ...common, type: f.type || 'text', value: f.value ?? '', placeholder: f.placeholder,
        min: f.min, max: f.max, step: f.step, autocomplete: f.autocomplete || 'off', inputmode: f.inputmode,
        maxlength: f.maxlength, pattern: f.pattern, accept: f.accept,
      });
    }
    const err = h('p', { class: 'field-error', id: errId, hidden: true });
    controls.set(f.name, control);
    errorEls.set(f.name, err);
    for (const a of f.aliases || []) { controls.set(a, control); errorEls.set(a, err); }
    const label = h('label', { for: cid }, f.label);
    formEl.append(f.type === 'checkbox'
      ? h('div', { class: 'field check' }, control, label, err)
      : h('div', { class: 'field' + (f.grow ? ' grow' : '') }, label, control,
        f.hint ? h('p', { class: 'hint', id: cid + '-hint' }, f.hint) : null, err));
  }
  const formError = h('p', { class: 'form-error', role: 'alert', hidden: true, id: prefix + '-error' });
  const submit = h('button', { type: 'submit', class: submitClass, id: prefix + '-submit' }, submitLabel);
  formEl.append(h('div', { class: 'field submit' }, submit));
  if (extra) formEl.append(extra);
  formEl.append(formError);

  function clearErrors() {
    formError.hidden = true;
    formError.textContent = '';
    for (const [name, el] of errorEls) {
      el.hidden = true;
      el.textContent = '';
      const c = controls.get(name);
      c.removeAttribute('aria-invalid');
      c.setAttribute('aria-describedby', c.getAttribute('aria-describedby')?.replace(/\s*\S+-error$/, '') || '');
    }
  }

  function showError(e) {
    const target = e.field && errorEls.has(e.field) ? e.field : null;
    if (target) {
      const el = errorEls.get(target);
      const c = controls.get(target);
      el.textContent = e.message;
      el.hidden = false;
      c.setAttribute('aria-invalid', 'true');
      c.setAttribute('aria-describedby', ((c.getAttribute('aria-describedby') || '') + ' ' + el.id).trim());
      c.focus();
    } else {
      formError.textContent = e.message || String(e);
      formError.hidden = false;
    }
  }

  function values() {
    const out = {};
    for (const f of fields) {
      const c = controls.get(f.name);
      if (f.type === 'checkbox') out[f.name] = c.checked;
      else if (f.type === 'number') out[f.name] = c.value === '' ? undefined : Number(c.value);
      else if (f.type === 'file') out[f.name] = c.files[0];
      else out[f.name] = c.value.trim();
    }
    return out;
  }

  formEl.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors();
    // Required fields are checked here so the message sits under the field like the server's would.
    for (const f of fields) {
      const c = controls.get(f.name);
      if (f.required && f.type !== 'checkbox' && !c.value.trim()) {
        showError({ field: f.name, message: `${f.label} is required.` });
        return;
      }
    }
    submit.disabled = true;
    try {
      const result = await onSubmit(values(), formEl);
      if (result !== false) formEl.dispatchEvent(new CustomEvent('saved'));
    } catch (e) {
      showError(e);
    } finally {
      submit.disabled = false;
    }
  });

  formEl.controls = controls;
  formEl.showError = showError;
  formEl.clearErrors = clearErrors;
  return formEl;
}

/** Runs an action from a button: disables it meanwhile, reports the result or the API error as a toast. */
export async function act(button, fn, okMessage) {
  if (button) button.disabled = true;
  try {
    await fn();
    if (okMessage) toast(okMessage);
    return true;
  } catch (e) {
    toast(e.message, { error: true });
    return false;
  } finally {
    if (button) button.disabled = false;
  }
}
