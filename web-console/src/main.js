// The console's shell: the routes, the page they draw into #page, and what every page shares
// (sign-in redirects, not-found and error views, stopping a page's polling and charts when it is left).
import './style.css';
import { ApiError, SignedOut, hasSession, signOut } from './api.js';
import { h, notice, show } from './dom.js';
import { match, parseHash } from './router.js';
import { changePasswordPage, forgotPasswordPage, resetPasswordPage, signInPage, signUpPage } from './pages/account.js';
import { rolePage } from './pages/role.js';
import { scansPage } from './pages/scans.js';
import { scanPage } from './pages/scan.js';
import { inventoryPage } from './pages/inventory.js';
import { findingsPage } from './pages/findings.js';
import { resourcePage } from './pages/resource.js';
import { alertsPage } from './pages/alerts.js';
import { compliancePage } from './pages/compliance.js';

const routes = [
  { pattern: 'signin', page: signInPage, title: 'Sign in', public: true },
  { pattern: 'signup', page: signUpPage, title: 'Sign up', public: true },
  { pattern: 'forgot-password', page: forgotPasswordPage, title: 'Forgot your password?', public: true },
  { pattern: 'reset-password', page: resetPasswordPage, title: 'New password', public: true },
  { pattern: 'role', page: rolePage, title: 'AWS role' },
  { pattern: 'password', page: changePasswordPage, title: 'Password' },
  { pattern: 'scans', page: scansPage, title: 'Scans' },
  { pattern: 'scans/:id', page: scanPage, title: 'Scan' },
  { pattern: 'inventory/:service', page: inventoryPage, title: 'Inventory' },
  { pattern: 'findings', page: findingsPage, title: 'Findings' },
  { pattern: 'compliance/:framework', page: compliancePage, title: 'Compliance' },
  { pattern: 'resources/:service/:id', page: resourcePage, title: 'Resource' },
  { pattern: 'alerts', page: alertsPage, title: 'Alerts' },
];

const main = document.getElementById('page');
const nav = document.getElementById('nav');
let leaving = new AbortController();

async function draw() {
  leaving.abort();
  leaving = new AbortController();
  const signal = leaving.signal;
  const { path, query } = parseHash(location.hash);
  const found = match(routes, path);
  if (!found) {
    location.replace(hasSession() ? '#/scans' : '#/signin');
    return;
  }
  const { route, params } = found;
  if (!route.public && !hasSession()) {
    location.replace('#/signin');
    return;
  }
  nav.hidden = route.public;
  for (const link of nav.querySelectorAll('a')) {
    if (link.hash.split('/')[1] === path[0]) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${route.title} · CloudDiagnoze`;
  main.setAttribute('aria-busy', 'true');
  try {
    const content = await route.page({ params, query, signal });
    if (!signal.aborted) show(main, content);
  } catch (error) {
    if (!signal.aborted) failed(error);
  } finally {
    if (!signal.aborted) {
      main.removeAttribute('aria-busy');
      // Which location the page shows, for the browser tests to wait on.
      main.dataset.shown = location.hash;
    }
  }
}

function failed(error) {
  if (error instanceof SignedOut) {
    location.replace('#/signin');
  } else if (error instanceof ApiError && error.status === 404) {
    show(main, h('h1', null, 'Not found'), notice('error', 'There is nothing here in your account.'),
      h('p', null, h('a', { href: '#/scans' }, 'Back to your scans')));
  } else {
    show(main, h('h1', null, 'Something went wrong'), notice('error', error.message));
  }
}

document.getElementById('sign-out').addEventListener('click', async () => {
  await signOut();
  location.hash = '#/signin';
});
// A session that ends while a form or a button is at work (its refresh token expired) leads to sign-in.
window.addEventListener('unhandledrejection', (event) => {
  if (event.reason instanceof SignedOut) location.replace('#/signin');
});
window.addEventListener('hashchange', () => {
  draw();
  main.focus({ preventScroll: true });
});
draw();
