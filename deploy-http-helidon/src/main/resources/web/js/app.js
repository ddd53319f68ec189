// App shell: checks the session (anonymous visitors go to the login page), keeps the CSRF token for the API
// wrapper, starts the live event stream and the router.
import { api, setCsrfToken, loginUrl } from './api.js';
import { startEvents, stopEvents } from './events.js';
import { startRouter } from './router.js';
import { toast } from './dom.js';
import { setSession, can } from './session.js';

async function main() {
  let session;
  try {
    session = await api.get('/api/v1/session');
  } catch (e) {
    if (e.status === 401) { location.replace(loginUrl()); return; }
    document.getElementById('view').textContent = 'The server cannot be reached: ' + e.message;
    return;
  }
  setCsrfToken(session.csrf_token);
  setSession(session);
  document.getElementById('whoami').textContent = session.username;
  document.getElementById('whoami').title = 'role ' + session.role;
  // Accounts are for admins only; the nav does not offer a page that would answer 403.
  for (const a of document.querySelectorAll('.mainnav [data-needs]')) {
    if (!can(a.dataset.needs)) a.closest('li').remove();
  }
  document.getElementById('logout').addEventListener('click', async () => {
    stopEvents();
    try { await api.del('/api/v1/session'); } catch (e) { toast(e.message, { error: true }); }
    setCsrfToken('');
    location.replace('/login.html');
  });
  startEvents(document.getElementById('live'));
  await startRouter(document.getElementById('view'));
}

main();
