// The console in a browser, against the running system: a new user signs up, hands over a role, scans
// the demo account, finds the public unencrypted bucket, sees an instance's CPU chart drawn with data, sends a
// signed test alert to a webhook on this host, and a second user sees none of it. Screenshots of the main pages go to SCREENSHOT_DIR.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import {
  PHONE, createRoleInAws, drawn, launch, linePixels, newUser, openContext, overflowsSideways, screenshot, signUp, unlabelled, visit,
} from './browser.js';

const SCAN_SECONDS = 180;
const METRICS_SECONDS = 90;
const INSTANCE = 'i-0a1f2e3d4c5b60001';

describe('the web console', { timeout: 10 * 60_000 }, () => {
  let browser;
  let context;
  let page;
  const alice = newUser('alice');
  const scanRuns = {};

  before(async () => {
    browser = await launch();
    context = await openContext(browser);
    page = await context.newPage();
  });
  after(() => browser?.close());

  test('signs up and hands over an AWS role, refusing what is not a role ARN', async () => {
    await signUp(page, alice);
    const externalId = (await page.locator('pre[data-copy="ExternalId"]').textContent()).trim();
    assert.match(externalId, /^cd-[0-9a-f-]{36}$/);

    await page.getByLabel('Role ARN').fill('arn:aws:iam::123:user/someone');
    await page.getByRole('button', { name: 'Hand over role' }).click();
    await page.getByRole('alert').filter({ hasText: 'not an IAM role ARN' }).waitFor();

    const roleArn = `arn:aws:iam::${alice.account}:role/CloudDiagnozeScanner`;
    await createRoleInAws(roleArn, externalId);
    await page.getByLabel('Role ARN').fill(roleArn);
    await page.getByRole('button', { name: 'Hand over role' }).click();
    await page.getByText(`Role ${roleArn} handed over`).waitFor();
    const policy = JSON.parse(await page.locator('pre[data-copy="Trust policy"]').textContent());
    assert.equal(policy.Statement[0].Condition.StringEquals['sts:ExternalId'], externalId);
    await page.getByRole('button', { name: 'Copy the Trust policy' }).click();
    assert.deepEqual(JSON.parse(await page.evaluate(() => navigator.clipboard.readText())), policy);
    assert.deepEqual(await unlabelled(page), []);
    await screenshot(page, '01-aws-role');
  });

  test('starts a scan of every service and follows it until each run closes', async () => {
    await page.getByRole('link', { name: 'Scans' }).click();
    await page.getByRole('button', { name: 'Start scan' }).click();
    const runs = page.locator('.progress tr[data-run]');
    await runs.nth(3).waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('.progress tr[data-run]')]
      .every((row) => row.dataset.status !== 'in_progress'), null, { timeout: SCAN_SECONDS * 1000, polling: 500 });
    for (const row of await runs.all()) {
      const cells = await row.locator('th, td').allTextContents();
      assert.equal(await row.getAttribute('data-status'), 'success', `scan run ${cells.join(' ')}`);
      scanRuns[cells[1]] = { id: Number(await row.getAttribute('data-run')), resources: Number(cells[5]) };
    }
    assert.deepEqual(Object.fromEntries(Object.entries(scanRuns).map(([service, run]) => [service, run.resources])),
      { EC2: 20, S3: 10, VPC: 5, RDS: 5 });
    const listed = await page.locator('tbody tr[data-run]').evaluateAll((rows) => rows
      .filter((row) => !row.closest('.progress')).map((row) => Number(row.dataset.run)));
    assert.deepEqual(listed, Object.values(scanRuns).map((run) => run.id).sort((a, b) => b - a), 'All scans, newest first');
    assert.deepEqual(await unlabelled(page), []);
    await screenshot(page, '02-scans');
  });

  test('flags the public unencrypted bucket in the inventory and the findings', async () => {
    await page.getByRole('link', { name: 'Inventory' }).click();
    await page.getByRole('link', { name: 'S3', exact: true }).click();
    await page.getByRole('heading', { name: 'Inventory · S3' }).waitFor();
    await page.getByLabel('Public', { exact: true }).selectOption('true');
    await page.getByLabel('Encrypted', { exact: true }).selectOption('false');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await drawn(page, '#/inventory/s3?public=true&encrypted=false');
    const table = page.getByRole('table', { name: 'S3 resources' });
    await table.getByRole('link', { name: 'cd-demo-eu-scratch' }).waitFor();
    for (const row of await table.locator('tbody tr').all()) {
      const [, , publicCell, encryption] = await row.locator('th, td').allTextContents();
      assert.deepEqual([publicCell, encryption], ['yes', 'none']);
    }
    await screenshot(page, '03-inventory-public-unencrypted');

    // The home page says what the scan opened, each check linking to its findings.
    await page.getByRole('link', { name: 'Scans', exact: true }).click();
    const since = page.getByRole('region', { name: 'Since the last scan' });
    await since.locator('.since-open li[data-check="s3_bucket_public_access"]').getByRole('link').click();
    await drawn(page, '#/findings?status=open&check=s3_bucket_public_access');
    const publicBucket = page.locator('details[data-check="s3_bucket_public_access"][open] tr[data-finding]')
      .filter({ hasText: 'cd-demo-eu-scratch' });
    await publicBucket.waitFor();
    await screenshot(page, '04-findings');
    await publicBucket.getByRole('link', { name: 'cd-demo-eu-scratch' }).click();
    await page.getByRole('heading', { name: 'S3 · cd-demo-eu-scratch' }).waitFor();
  });

  test("lists a scan's resources, sorts and filters them, and exports them", async () => {
    await visit(page, `#/scans/${scanRuns.EC2.id}`);
    const table = page.getByRole('table', { name: 'EC2 resources' });
    await table.locator('tbody tr').first().waitFor();
    assert.equal(await table.locator('tbody tr').count(), 20);

    await table.getByRole('button', { name: 'Instance' }).click();
    await table.getByRole('button', { name: 'Instance' }).click();
    const descending = await table.locator('tbody th').allTextContents();
    assert.deepEqual(descending, [...descending].sort().reverse());
    assert.equal(await table.locator('th[aria-sort]').getAttribute('aria-sort'), 'descending');

    await page.getByLabel('Filter EC2 resources').fill('web-1 us-east-1');
    const shown = await table.locator('tbody tr').allTextContents();
    assert.ok(shown.length > 0 && shown.length < 20, `${shown.length} rows shown`);
    assert.ok(shown.every((row) => row.includes('web-1') && row.includes('us-east-1')), shown.join('\n'));
    await screenshot(page, '05-scan-resources');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    assert.equal(download.suggestedFilename(), `clouddiagnoze-scan-${scanRuns.EC2.id}-ec2.csv`);
    const csv = (await readFile(await download.path(), 'utf8')).trim().split('\n');
    assert.equal(csv.length, 21, 'a header and 20 instances');

    await page.getByRole('link', { name: 'Changes since the previous scan' }).click();
    await page.getByText('There is no earlier successful scan of this service').waitFor();
    assert.equal(await page.getByRole('table', { name: 'Added (20)' }).locator('tbody tr').count(), 20);
  });

  test("draws an instance's CPU chart with data, over the ranges asked for", async () => {
    await visit(page, `#/scans/${scanRuns.EC2.id}`);
    await page.getByRole('link', { name: INSTANCE }).click();
    await page.getByRole('heading', { name: `EC2 · ${INSTANCE}` }).waitFor();
    const cpu = page.locator('figure[data-metric="cpuUtilization"]');
    // metrics-collector reads CloudWatch after the scan's resources are stored: reload until its rows are in.
    for (let waited = 0; Number(await cpu.getAttribute('data-points')) === 0; waited += 2) {
      assert.ok(waited < METRICS_SECONDS, `no CPU points for ${INSTANCE} within ${METRICS_SECONDS} s`);
      await page.waitForTimeout(2000);
      await page.reload();
      await cpu.waitFor();
    }
    assert.ok(Number(await cpu.getAttribute('data-points')) > 200, 'a 24-hour range at 5 minutes has some 288 points');
    assert.ok(await linePixels(cpu.locator('canvas')) > 100, 'the CPU line is drawn on the canvas');
    assert.match(await cpu.locator('.summary').textContent(), /^latest \d+\.\d %, lowest/);
    assert.match(await page.locator('.facts').first().textContent(), /Seen in1 scan/);
    // Its configuration in words, and what its security group opens to the internet as a table of rules.
    await page.locator('.configuration dt', { hasText: 'IMDSv2 required' }).waitFor();
    const rules = page.getByRole('table', { name: 'Open to the internet' });
    assert.deepEqual(await rules.locator('tbody tr td:nth-child(3)').allTextContents(), ['80', '80', '443', '443']);
    // Its findings with their lives: a public IP, open since the scan that found it.
    await page.locator('.resource-findings li[data-status="open"]', { hasText: 'EC2 instance has a public IP address' }).waitFor();
    await screenshot(page, '06-instance-metrics');

    await page.getByRole('link', { name: '7 days' }).click();
    const hourly = page.locator('figure[data-metric="cpuUtilization"][data-step="3600"]');
    await hourly.waitFor();
    const weekly = Number(await hourly.getAttribute('data-points'));
    assert.ok(weekly > 0 && weekly <= 168, `hourly points over 7 days, not ${weekly}`);
  });

  test('groups the findings by check under status tabs, and mutes one until it is unmuted', async () => {
    await visit(page, '#/findings');
    const tabs = page.getByRole('navigation', { name: 'Status' });
    const counts = async () => Object.fromEntries((await tabs.getByRole('link').allTextContents())
      .map((tab) => tab.match(/^(\w+) \((\d+)\)$/)).map(([, name, count]) => [name.toLowerCase(), Number(count)]));
    const before = await counts();
    assert.ok(before.open > 0, `open findings: ${JSON.stringify(before)}`);
    // One line per check, however many resources fail it; the severity counts add up to the open tab's.
    const severities = (await page.locator('.severity-counts strong').allTextContents()).map(Number);
    assert.equal(severities.reduce((sum, count) => sum + count, 0), before.open);
    const lines = await page.locator('details.check-group').evaluateAll((groups) => groups.map((group) => group.dataset.check));
    assert.equal(new Set(lines).size, lines.length, 'a check has one line');
    const group = page.locator('details[data-check="ec2_instance_public_ip"]');
    const perCheck = Number((await group.locator('.group-count').textContent()).split(' ')[0]);
    await group.locator('summary').click();
    const row = group.locator('tr[data-finding]').filter({ hasText: INSTANCE });
    await row.waitFor();
    assert.equal(await group.locator('tr[data-finding]').count(), perCheck, 'the group lists as many resources as its line counts');
    assert.match(await row.locator('td.evidence').textContent(), /^Public IP: \d+\.\d+\.\d+\.\d+$/);

    // A reason of blanks is the API's to refuse, and the form says why in the problem's words.
    await row.getByRole('button', { name: 'Mute' }).click();
    const form = page.getByRole('form', { name: `Mute ${INSTANCE}` });
    await form.getByLabel('Reason').fill('   ');
    await form.getByRole('button', { name: 'Mute finding' }).click();
    await form.getByRole('alert').filter({ hasText: 'reason' }).waitFor();
    const reason = 'A bastion host: its public IP is how the team reaches the VPC';
    await form.getByLabel('Reason').fill(reason);
    await form.getByRole('button', { name: 'Mute finding' }).click();
    await page.getByRole('status').filter({ hasText: `Muted ${INSTANCE}` }).waitFor();
    assert.deepEqual(await counts(), { ...before, open: before.open - 1, muted: before.muted + 1 });
    // The group, drawn again, loads its resources again: the muted one is not among them (or the group is gone with it).
    await page.waitForFunction((id) => {
      const rows = document.querySelectorAll('details[data-check="ec2_instance_public_ip"] tr[data-finding]');
      return !document.querySelector('details[data-check="ec2_instance_public_ip"]')
        || (rows.length > 0 && ![...rows].some((tableRow) => tableRow.textContent.includes(id)));
    }, INSTANCE);
    await screenshot(page, '07-findings-muted-one');

    await tabs.getByRole('link', { name: /^Muted/ }).click();
    await drawn(page, '#/findings?status=muted');
    await page.locator('details[data-check="ec2_instance_public_ip"] summary').click();
    const muted = page.locator('details[data-check="ec2_instance_public_ip"] tr[data-finding]').filter({ hasText: INSTANCE });
    assert.match(await muted.locator('td.mute').textContent(), new RegExp(`^Muted by ${alice.email.replace(/[.+]/g, '\\$&')} on .+ until .+: ${reason}$`));
    assert.deepEqual(await unlabelled(page), []);
    await screenshot(page, '08-findings-muted-tab');
    await muted.getByRole('button', { name: 'Unmute' }).click();
    await page.getByRole('status').filter({ hasText: `Unmuted ${INSTANCE}` }).waitFor();
    assert.deepEqual(await counts(), before);

    await tabs.getByRole('link', { name: /^Resolved/ }).click();
    await drawn(page, '#/findings?status=resolved');
    assert.equal(await tabs.locator('[aria-current="page"]').textContent(), `Resolved (${before.resolved})`);
    await tabs.getByRole('link', { name: /^Open/ }).click();
    await drawn(page, '#/findings?status=open');
    await page.locator('details[data-check="ec2_instance_public_ip"] summary').click();
    await page.locator('details[data-check="ec2_instance_public_ip"] tr[data-finding]').filter({ hasText: INSTANCE }).waitFor();
  });

  test('scores the account against CIS AWS Foundations, naming the failing resources', async () => {
    await page.getByRole('link', { name: 'CIS', exact: true }).click();
    await drawn(page, '#/compliance/cis-aws-foundations');
    await page.getByRole('heading', { name: 'CIS AWS Foundations Benchmark v3.0.0' }).waitFor();
    const score = await page.locator('.score').getAttribute('data-score');
    assert.match(score, /^\d+$/);
    assert.ok(Number(score) <= 100, `score ${score}`);
    const controls = page.getByRole('table', { name: /^Evaluated controls/ });
    const byStatus = async (status) => page.locator(`table.controls tbody tr[data-status="${status}"]`).count();
    const shown = Object.fromEntries(await Promise.all(['pass', 'fail', 'muted', 'not_evaluated'].map(async (status) => [status, await byStatus(status)])));
    const counted = Object.fromEntries((await page.locator('.control-counts li').evaluateAll((items) => items
      .map((item) => [item.classList[1], Number(item.querySelector('strong').textContent)]))));
    assert.deepEqual(shown, counted, 'the table lists every control the counts count');
    assert.ok(shown.not_evaluated > 0, 'controls the product cannot answer are listed, not passed');
    // The demo's public bucket blocks no public access: control 2.1.4 fails and names it.
    const blockPublicAccess = controls.locator('tr[data-control="2.1.4"]');
    assert.equal(await blockPublicAccess.getAttribute('data-status'), 'fail');
    await screenshot(page, '09-cis');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    assert.equal(download.suggestedFilename(), 'clouddiagnoze-cis-aws-foundations-3.0.0.csv');
    const csv = await readFile(await download.path(), 'utf8');
    assert.match(csv, /2\.1\.4/);

    await blockPublicAccess.getByRole('link', { name: 'cd-demo-eu-scratch', exact: true }).click();
    await page.getByRole('heading', { name: 'S3 · cd-demo-eu-scratch' }).waitFor();
  });

  test('adds a webhook channel, sends it a signed test alert, and keeps a rule for it', async () => {
    // A receiver as a tenant runs one: a real HTTP server on this host, which notification-service may post to locally.
    const received = [];
    const receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => { body += chunk; });
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.writeHead(204).end();
      });
    });
    await new Promise((resolve) => { receiver.listen(0, '127.0.0.1', resolve); });
    try {
      await page.getByRole('link', { name: 'Alerts', exact: true }).click();
      await drawn(page, '#/alerts');
      const channelForm = page.locator('form', { has: page.getByRole('button', { name: 'Add channel' }) });
      await channelForm.getByLabel('Name').fill('Security team');
      await channelForm.getByLabel('URL or addresses').fill('ftp://127.0.0.1/hook');
      await channelForm.getByRole('button', { name: 'Add channel' }).click();
      await page.getByRole('alert').filter({ hasText: 'url' }).waitFor();
      await channelForm.getByLabel('URL or addresses').fill(`http://127.0.0.1:${receiver.address().port}/hook`);
      await channelForm.getByRole('button', { name: 'Add channel' }).click();
      const secret = await page.getByRole('status').filter({ hasText: 'Channel Security team added' }).locator('code').textContent();
      assert.ok(secret.length >= 32, 'the signing secret is shown once, whole');

      // The redraw after the test is slowed down, as on a loaded host: a rule typed by hand after the test's notice must
      // survive it.
      const slowly = async (route) => { await new Promise((resolve) => { setTimeout(resolve, 500); }); await route.continue(); };
      await page.route('**/api/alerts/rules', slowly);
      const channel = page.locator('ul.channels li').filter({ hasText: 'Security team' });
      await channel.getByRole('button', { name: 'Send test' }).click();
      await page.getByRole('status').filter({ hasText: 'A test message reached Security team.' }).waitFor();
      assert.equal(received.length, 1);
      const [message] = received;
      const signature = createHmac('sha256', secret).update(`${message.headers['x-clouddiagnoze-timestamp']}.${message.body}`).digest('hex');
      assert.equal(message.headers['x-clouddiagnoze-signature'], `sha256=${signature}`);
      assert.equal(JSON.parse(message.body).type, 'test');

      const ruleForm = page.locator('form', { has: page.getByRole('button', { name: 'Add rule' }) });
      await ruleForm.getByLabel('Name').pressSequentially('Public buckets', { delay: 80 });
      await ruleForm.getByRole('checkbox', { name: 's3', exact: true }).check();
      await ruleForm.getByRole('checkbox', { name: 'Security team', exact: true }).check();
      await ruleForm.getByRole('button', { name: 'Add rule' }).click();
      await page.getByRole('status').filter({ hasText: 'Rule Public buckets added.' }).waitFor();
      assert.match(await page.locator('li').filter({ hasText: 'Public buckets:' }).textContent(),
        /finding\.opened, high and above, on s3 → Security team/);
      await page.unroute('**/api/alerts/rules', slowly);
      assert.deepEqual(await unlabelled(page), []);
      await screenshot(page, '17-alerts');
    } finally {
      receiver.close();
    }
  });

  test('keeps the session across a reload by refreshing the token quietly, and never puts a token in a URL or a log', async () => {
    await visit(page, '#/findings');
    await page.reload();
    await page.getByRole('heading', { name: 'Findings' }).waitFor();
    await page.locator('details[data-check="s3_bucket_public_access"]').waitFor();
    const jwt = /eyJ[\w-]+\.[\w-]+\./;
    assert.deepEqual(context.seen.filter((line) => jwt.test(line)), []);
  });

  test('fits a phone screen', async () => {
    const phone = await openContext(browser, PHONE);
    const small = await phone.newPage();
    await visit(small, '#/signin');
    await small.getByLabel('Email').fill(alice.email);
    await small.getByLabel('Password').fill(alice.password);
    await small.getByRole('button', { name: 'Sign in' }).click();
    await small.getByRole('heading', { name: 'Scans', exact: true }).waitFor();
    for (const [path, heading, name] of [['#/findings?check=s3_bucket_public_access', 'Findings', '10-phone-findings'],
      [`#/resources/ec2/${INSTANCE}`, `EC2 · ${INSTANCE}`, '11-phone-instance'], ['#/inventory/s3', 'Inventory · S3', '12-phone-inventory'],
      ['#/compliance/cis-aws-foundations', 'CIS AWS Foundations Benchmark v3.0.0', '13-phone-cis']]) {
      await visit(small, path);
      await small.getByRole('heading', { name: heading }).waitFor();
      assert.equal(await overflowsSideways(small), false, `${path} is wider than a phone`);
      await screenshot(small, name);
    }
    await phone.close();
  });

  test("shows a second user none of the first user's data, and lets it change its password", async () => {
    const other = await openContext(browser);
    const bob = await other.newPage();
    const bobUser = newUser('bob');
    await signUp(bob, bobUser);
    await visit(bob, '#/scans');
    await bob.getByText('No scans yet.').waitFor();
    await visit(bob, '#/inventory/ec2');
    await bob.getByText('No successful EC2 scan yet.').waitFor();
    await visit(bob, '#/findings');
    assert.deepEqual(await bob.locator('.severity-counts strong').allTextContents(), ['0', '0', '0', '0']);
    assert.deepEqual(await bob.getByRole('navigation', { name: 'Status' }).getByRole('link').allTextContents(),
      ['Open (0)', 'Muted (0)', 'Resolved (0)']);
    await visit(bob, '#/compliance/cis-aws-foundations');
    await bob.getByText('No score yet').waitFor();
    for (const path of [`#/scans/${scanRuns.EC2.id}`, `#/scans/${scanRuns.S3.id}?tab=diff`, `#/resources/ec2/${INSTANCE}`]) {
      await visit(bob, path);
      await bob.getByRole('heading', { name: 'Not found' }).waitFor();
    }
    await screenshot(bob, '14-other-tenant-not-found');

    // A role that AWS does not let CloudDiagnoze assume: the scan run closes with the reason in plain words.
    await visit(bob, '#/role');
    await bob.getByLabel('Role ARN').fill('arn:aws:iam::999988887777:role/NotTrusted');
    await bob.getByRole('button', { name: 'Hand over role' }).click();
    await bob.getByText('handed over').waitFor();
    await visit(bob, '#/scans');
    for (const service of ['S3', 'VPC', 'RDS']) await bob.getByLabel(service).uncheck();
    await bob.getByRole('button', { name: 'Start scan' }).click();
    const failed = bob.locator('.progress tr[data-status="error"]');
    await failed.waitFor({ timeout: SCAN_SECONDS * 1000 });
    await bob.locator('.progress .error-row [role="alert"]').filter({ hasText: 'AccessDenied' }).waitFor();
    await screenshot(bob, '15-scan-error');

    // A new password: a wrong current one is refused, the session goes on, and only the new one signs in.
    await visit(bob, '#/password');
    await bob.getByLabel('Current password').fill('not-the-password-at-all');
    await bob.getByLabel('New password').fill(`${bobUser.password}-2`);
    await bob.getByRole('button', { name: 'Change password' }).click();
    await bob.getByRole('alert').filter({ hasText: "Current password is not the account's password" }).waitFor();
    await bob.getByLabel('Current password').fill(bobUser.password);
    await bob.getByRole('button', { name: 'Change password' }).click();
    await bob.getByRole('status').filter({ hasText: 'Your password is changed' }).waitFor();
    await visit(bob, '#/scans');
    await bob.getByRole('button', { name: 'Sign out' }).click();
    for (const [password, outcome] of [[bobUser.password, bob.getByRole('alert')],
      [`${bobUser.password}-2`, bob.getByRole('heading', { name: 'Scans', exact: true })]]) {
      await bob.getByLabel('Email').fill(bobUser.email);
      await bob.getByLabel('Password').fill(password);
      await bob.getByRole('button', { name: 'Sign in' }).click();
      await outcome.waitFor();
    }
    await other.close();
  });

  test('signs out for good', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).isVisible(), false, 'the navigation shows while signed out');
    await page.goto('/#/scans');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(page, '00-sign-in');
  });

  test('a forgotten password: the answer tells nobody whether the email has an account, and a spent link says so', async () => {
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await drawn(page, '#/forgot-password');
    const answers = [];
    for (const email of [alice.email, newUser('nobody').email]) {
      await page.getByLabel('Email').fill(email);
      await page.getByRole('button', { name: 'Send a reset link' }).click();
      const sent = page.getByRole('status').filter({ hasText: 'a link to choose a new password is on its way' });
      await sent.waitFor();
      answers.push((await sent.textContent()).replace(email, 'EMAIL'));
    }
    assert.equal(answers[0], answers[1]);
    await screenshot(page, '16-forgot-password');

    await page.goto('/#/reset-password?token=not-a-token-the-server-made');
    await drawn(page, '#/reset-password');
    assert.equal(new URL(page.url()).hash, '#/reset-password', 'the token leaves the address bar');
    await page.getByLabel('New password').fill(`${crypto.randomUUID()}A!`);
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByRole('alert').filter({ hasText: 'ask for a new link' }).waitFor();
    assert.deepEqual(await unlabelled(page), []);
  });
});
