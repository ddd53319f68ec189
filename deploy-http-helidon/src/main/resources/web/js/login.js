// Login page: POST /api/v1/session sets the HttpOnly session cookie and answers the CSRF token.
import { api, setCsrfToken, setUnauthenticatedHandler } from './api.js';

setUnauthenticatedHandler(() => {});
const form = document.getElementById('login-form');
const error = document.getElementById('login-error');

function target() {
  const next = new URLSearchParams(location.search).get('next') || '';
  // Only ever go back into this app: a hash route, never another origin.
  return '/' + (/^#\/[\w\-/%?=&.]*$/.test(next) ? next : '#/dashboard');
}

function fieldError(name, message) {
  const input = document.getElementById(name);
  const el = document.getElementById(name + '-error');
  el.textContent = message;
  el.hidden = !message;
  if (message) { input.setAttribute('aria-invalid', 'true'); input.setAttribute('aria-describedby', el.id); }
  else { input.removeAttribute('aria-invalid'); input.removeAttribute('aria-describedby'); }
}

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  error.hidden = true;
  const username = form.username.value.trim();
  const password = form.password.value;
  fieldError('username', username ? '' : 'Enter your user name.');
  fieldError('password', password ? '' : 'Enter your password.');
  if (!username) { form.username.focus(); return; }
  if (!password) { form.password.focus(); return; }
  const submit = document.getElementById('login-submit');
  submit.disabled = true;
  try {
    const session = await api.post('/api/v1/session', { username, password });
    setCsrfToken(session.csrf_token);
    location.replace(target());
  } catch (e) {
    if (e.field === 'username' || e.field === 'password') fieldError(e.field, e.message);
    else { error.textContent = e.status === 401 ? 'Wrong user name or password.' : e.message; error.hidden = false; }
    form.password.select();
  } finally {
    submit.disabled = false;
  }
});

document.getElementById('login-submit').disabled = false;

// Already logged in? Go straight in.
api.get('/api/v1/session').then(() => location.replace(target())).catch(() => {});
