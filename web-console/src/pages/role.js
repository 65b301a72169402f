// The AWS role hand-over: the ExternalId to put in the role's trust policy, the role ARN, and the
// trust policy to copy into IAM once the ARN is known.
import { ApiError, api } from '../api.js';
import { field, h, notice, show } from '../dom.js';

/** The same rule as auth-service's (AwsRole): arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME. */
export const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role\/(?:[\w+=,.@-]{1,64}\/){0,32}[\w+=,.@-]{1,64}$/;

export async function rolePage() {
  const me = await api.get('/auth/me');
  const arn = h('input', {
    name: 'roleArn', required: true, maxlength: 2048, spellcheck: 'false', autocomplete: 'off', value: me.roleArn ?? '',
    placeholder: 'arn:aws:iam::123456789012:role/CloudDiagnozeScanner',
  });
  const status = h('div');
  const setup = h('div');
  const form = h('form', { class: 'narrow' },
    field('Role ARN', arn, 'The IAM role CloudDiagnoze assumes to read your account: read-only access to EC2, S3, VPC, RDS and CloudWatch.'),
    status, h('button', { type: 'submit' }, me.roleArn ? 'Change role' : 'Hand over role'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!ROLE_ARN.test(arn.value.trim())) {
      show(status, notice('error', 'This is not an IAM role ARN: it reads like arn:aws:iam::123456789012:role/CloudDiagnozeScanner.'));
      arn.setAttribute('aria-invalid', 'true');
      return;
    }
    arn.removeAttribute('aria-invalid');
    try {
      const role = await api.put('/auth/me/aws-role', { roleArn: arn.value.trim() });
      show(status, notice('ok', `Role ${role.roleArn} handed over. `, h('a', { href: '#/scans' }, 'Start a scan')));
      show(setup, trustPolicy(role));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      show(status, notice('error', error.message));
    }
  });
  return h('section', null,
    h('h1', null, 'AWS role'),
    h('p', null, 'CloudDiagnoze reads your account through a role you create in IAM. Its trust policy must name this ExternalId:'),
    copyable('ExternalId', me.externalId),
    form,
    setup);
}

function trustPolicy(role) {
  return h('div', null,
    h('h2', null, 'Trust policy'),
    h('p', null, role.instructions),
    copyable('Trust policy', JSON.stringify(role.trustPolicy, null, 2)));
}

/** A value to copy into AWS, with a button that copies it. */
function copyable(label, value) {
  const copied = h('span', { class: 'copied', role: 'status' });
  return h('figure', { class: 'copyable' },
    h('figcaption', null, label),
    h('pre', { 'data-copy': label }, value),
    h('button', {
      type: 'button',
      'aria-label': `Copy the ${label}`,
      onclick: () => navigator.clipboard.writeText(value).then(
        () => { copied.textContent = 'Copied'; },
        () => { copied.textContent = 'This browser refused; select the text and copy it.'; }),
    }, 'Copy'),
    copied);
}
