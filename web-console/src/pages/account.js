// Sign in, sign up, a forgotten password and a new one. A new account goes to the AWS role page next, as nothing can be
// scanned without it.
import { ApiError, api, changePassword, requestPasswordReset, resetPassword, signIn, signUp } from '../api.js';
import { field, h, notice, show } from '../dom.js';

export function signInPage() {
  return accountForm({
    title: 'Sign in',
    fields: [emailInput(), passwordInput('current-password')],
    submit: 'Sign in',
    other: [h('p', null, 'New here? ', h('a', { href: '#/signup' }, 'Create an account')),
      h('p', null, h('a', { href: '#/forgot-password' }, 'Forgot your password?'))],
    async act({ email, password }) {
      await signIn(email, password);
      const me = await api.get('/auth/me');
      location.hash = me.roleArn ? '#/scans' : '#/role';
    },
  });
}

export function signUpPage() {
  return accountForm({
    title: 'Create an account',
    fields: [
      field('Company', h('input', { name: 'companyName', required: true, maxlength: 200, autocomplete: 'organization' })),
      emailInput(),
      passwordInput('new-password', 'At least 12 characters, and not a common password.', 12),
    ],
    submit: 'Create account',
    other: h('p', null, 'Already have an account? ', h('a', { href: '#/signin' }, 'Sign in')),
    async act({ email, password, companyName }) {
      await signUp(email, password, companyName);
      location.hash = '#/role';
    },
  });
}

export function forgotPasswordPage() {
  return accountForm({
    title: 'Forgot your password?',
    fields: [emailInput()],
    submit: 'Send a reset link',
    other: h('p', null, h('a', { href: '#/signin' }, 'Back to sign in')),
    async act({ email }) {
      await requestPasswordReset(email);
      return notice('ok', `If an account has the email ${email}, a link to choose a new password is on its way.`
        + ' It works once, within 30 minutes.');
    },
  });
}

/** The page a reset mail links to: the token comes in the link, and leaves the address bar at once. */
export function resetPasswordPage({ query }) {
  const token = query.get('token') ?? '';
  if (token) history.replaceState(null, '', '#/reset-password');
  return accountForm({
    title: 'Choose a new password',
    fields: [newPasswordInput('Every session of the account ends.')],
    submit: 'Set the new password',
    other: h('p', null, h('a', { href: '#/signin' }, 'Back to sign in')),
    async act({ newPassword }) {
      await resetPassword(token, newPassword);
      return notice('ok', 'Your password is changed. ', h('a', { href: '#/signin' }, 'Sign in'), ' with it.');
    },
  });
}

/** A new password for the signed-in account: the current one is asked again, and every other session ends. */
export function changePasswordPage() {
  return accountForm({
    title: 'Change your password',
    fields: [
      field('Current password', h('input', {
        name: 'currentPassword', type: 'password', required: true, maxlength: 1024, autocomplete: 'current-password',
      })),
      newPasswordInput('Every other session of the account ends; this one goes on.'),
    ],
    submit: 'Change password',
    async act({ currentPassword, newPassword }, form) {
      await changePassword(currentPassword, newPassword);
      form.reset();
      return notice('ok', 'Your password is changed, and every other session has ended.');
    },
  });
}

const newPasswordInput = (consequence) => field('New password', h('input', {
  name: 'newPassword', type: 'password', required: true, minlength: 12, maxlength: 1024, autocomplete: 'new-password',
}), `At least 12 characters, and not a common password. ${consequence}`);
const emailInput = () => field('Email', h('input', { name: 'email', type: 'email', required: true, maxlength: 254, autocomplete: 'email' }));
const passwordInput = (autocomplete, hint, minlength) => field('Password',
  h('input', { name: 'password', type: 'password', required: true, minlength, maxlength: 1024, autocomplete }), hint);

function accountForm({ title, fields, submit, other, act }) {
  const status = h('div');
  const button = h('button', { type: 'submit' }, submit);
  const form = h('form', { class: 'narrow' }, fields, status, button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    show(status);
    try {
      const done = await act(Object.fromEntries(new FormData(form)), form);
      if (done) show(status, done);
    } catch (error) {
      show(status, notice('error', explain(form, error)));
    } finally {
      button.disabled = false;
    }
  });
  return h('section', { class: 'account' }, h('h1', null, title), form, other);
}

/** A refusal in words: the API names the field it refuses, which the form shows by its label. */
function explain(form, error) {
  if (!(error instanceof ApiError)) return 'The server could not be reached.';
  const label = error.field && form.elements.namedItem(error.field)?.labels?.[0]?.textContent;
  return label ? `${label} ${error.message}` : error.message;
}
