// Sign in and sign up. A new account goes to the AWS role page next, as nothing can be scanned without it.
import { ApiError, api, signIn, signUp } from '../api.js';
import { field, h, notice, show } from '../dom.js';

export function signInPage() {
  return accountForm({
    title: 'Sign in',
    fields: [emailInput(), passwordInput('current-password')],
    submit: 'Sign in',
    other: h('p', null, 'New here? ', h('a', { href: '#/signup' }, 'Create an account')),
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
      await act(Object.fromEntries(new FormData(form)));
    } catch (error) {
      show(status, notice('error', error instanceof ApiError ? error.message : 'The server could not be reached.'));
    } finally {
      button.disabled = false;
    }
  });
  return h('section', { class: 'account' }, h('h1', null, title), form, other);
}
