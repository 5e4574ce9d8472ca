import { describe, expect, it } from 'vitest';
import { NOT_SECRET_LAST_WORDS, SECRET_NAMES, SECRET_SHAPES } from '../../src/catalog/secret-names.js';
import { loadPlanJson } from '../../src/plan/load.js';
import { markSecretsByName, namesSecret, nameWords, SECRET_NAME_PHRASES, shapedLikeSecret } from '../../src/plan/secret-names.js';

describe('names that hold secrets', () => {
  it.each([
    'password', 'master_password', 'administrator_login_password', 'DB_PASSWORD', 'dbPassword', 'smtp_pass', 'passwd', 'passphrase',
    'client_secret', 'secret', 'secret_key', 'secret_string', 'auth_token', 'GITHUB_TOKEN', 'private_key', 'private_key_pem', 'privateKey',
    'primary_connection_string', 'ConnectionStrings__Default', 'connectionString', 'DATABASE_URL', 'primary_access_key',
    'storage_account_access_key', 'api_key', 'instrumentation_key', 'kube_config', 'kube_admin_config_raw', 'credentials', 'sas_url',
    'slack_webhook_url', 'shared_key', 'psk',
  ])('%s holds a secret', (name) => {
    expect(namesSecret(name)).toBe(true);
  });

  it.each([
    'password_length', 'minimum_password_length', 'password_reuse_prevention', 'max_password_age', 'password_wo_version', 'token_expiry', 'token_validity_units',
    'secret_arn', 'master_user_secret_kms_key_id', 'secret_name', 'key_vault_secret_id', 'secret_uri', 'access_key_id', 'private_key_type',
    'api_key_source', 'auth_token_update_strategy', 'credentials_file', 'secret_key_ref', 'customer_encryption_key_sha256',
    'name', 'identifier', 'key_name', 'public_key', 'passthrough', 'bypass', 'compass', 'tokenizer', 'secretary',
  ])('%s does not', (name) => {
    expect(namesSecret(name)).toBe(false);
  });

  it('splits names into words as people write them', () => {
    expect(nameWords('ConnectionStrings__Default')).toEqual(['connection', 'strings', 'default']);
    expect(nameWords('dbPassword')).toEqual(['db', 'password']);
    expect(nameWords('AWSSecretKey')).toEqual(['aws', 'secret', 'key']);
    expect(nameWords('kube-config.raw')).toEqual(['kube', 'config', 'raw']);
  });

  it('gives every row a reason, once per fact', () => {
    for (const row of [...SECRET_NAMES, ...NOT_SECRET_LAST_WORDS, ...SECRET_SHAPES]) expect(row.reason.trim()).not.toBe('');
    expect(new Set(SECRET_NAMES.map((row) => row.words.join(' '))).size).toBe(SECRET_NAMES.length);
    expect(new Set(NOT_SECRET_LAST_WORDS.map((row) => row.word)).size).toBe(NOT_SECRET_LAST_WORDS.length);
    // A row must be reachable: a phrase that ends in a not-secret word could never match on its own.
    const notSecret = new Set(NOT_SECRET_LAST_WORDS.map((row) => row.word));
    expect(SECRET_NAMES.filter((row) => notSecret.has(row.words.at(-1) ?? '')).map((row) => row.words.join(' '))).toEqual([]);
  });
});

describe('values secret by their shape', () => {
  it.each([
    '-----BEGIN RSA PRIVATE KEY-----\nMIIE…',
    '-----BEGIN OPENSSH PRIVATE KEY-----',
    '-----BEGIN PRIVATE KEY-----',
    'Server=tcp:db.example.net;Database=app;User ID=app;Password=hunter2;',
    'DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=abc123==;EndpointSuffix=core.windows.net',
    'postgres://app:hunter2@db.internal:5432/app',
    // Found by the issue #8 audit (F10) printed as forcing values of a stateful replace.
    'redis://:S3cretRedis4@cache.internal:6379/0',
    'jdbc:postgresql://db.internal:5432/app?user=admin&password=S3cretJdbc1',
    'https://acme.blob.core.windows.net/c/f?sv=2022-11-02&se=2026-12-31&sp=r&sig=AbC%2Bd3',
    'ghp_S3cretGhp1234567890abcdefghijklmnopq',
    'token: github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz',
    'xoxb-S3cretSlack-1234567890-abcdefghij',
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJTM2NyZXRKd3QifQ.S3cretJwtSig',
    'AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'Authorization: Basic dXNlcjpTM2NyZXRCYXNpYw==',
    'curl -H "authorization: bearer abcdefgh12345678" https://api',
    // Found by the second audit (A2): the forms these credentials are usually written in.
    'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG',
    '{"access_key":"AKIAIOSFODNN7EXAMPLE","secret_key":"wJalrXUtnFEMI/K7MDENG"}',
    '{"Authorization":"Bearer abcdefgh12345678"}',
    '#!/bin/sh\nexport DB_PASSWORD=hunter2\n./start',
    'https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX',
    'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
    'postgres://app:S3cret/ash+x=@db.internal:5432/app',
    'key=AIzaSyD-1234567890abcdefghijklmnopqrstu',
    // Found by the third audit (F3): the commonest forms, printed before.
    'export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
    '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
    'AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
    '{"password": "Hunter2Hunter2"}',
    '{"db_password":"Hunter2Hunter2"}',
    'password: Hunter2Hunter2',
    'DB_PASSWORD: Hunter2Hunter2',
    'client_secret: Zq8xY7wV6uT5sR4qP3',
    'X-Api-Key: abcdef0123456789abcdef0123456789',
    '[{"name":"DB_PASSWORD","value":"Hunter2Hunter2"}]',
    '[\n  {\n    "name": "API_TOKEN",\n    "value": "tok-Hunter2"\n  }\n]',
    'spring.datasource.password=Hunter2Hunter2',
    'docker login -u ci --password=Hunter2Hunter2 registry',
    'docker login -u ci --password Hunter2Hunter2 registry',
    'gcloud run deploy --set-env-vars=DB_PASSWORD=Hunter2Hunter2',
    'SECRET_KEY_BASE=abcdef0123456789',
    'DJANGO_SECRET_KEY=abcdef0123456789',
    'PRIVATE_KEY=abcdef0123456789',
    'ACCESS_KEY=abcdef0123456789',
    '//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789',
    'npm_abcdefghijklmnopqrstuvwxyz0123456789',
    'glpat-abcdefghij0123456789',
    'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH',
    'sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789-ABCDEFGH',
    'SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    'hvs.CAESIabcdefghijklmnopqrstuvwxyz012345',
    'https://discord.com/api/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyz0123456789',
    '{"auths":{"ghcr.io":{"auth":"Y2k6SHVudGVyMkh1bnRlcjI="}}}',
    'PuTTY-User-Key-File-3: ssh-ed25519',
    'ASIAY34FZKBOKMUTVV7A',
  ])('%s', (value) => {
    expect(shapedLikeSecret(value)).toBe(true);
  });

  it.each([
    '-----BEGIN CERTIFICATE-----',
    '-----BEGIN PUBLIC KEY-----',
    'postgres://db.internal:5432/app',
    'https://github.com/acme/infra',
    'git::ssh://git@github.com/acme/m.git',
    'a=b;c=d',
    'https://example.com/search?q=token&page=2',
    'https://registry.terraform.io/v1/modules?namespace=acme',
    'ghp_short',
    'my_ghp_S3cretGhp1234567890abcdefghijklmnopq',
    'AKIAIOSFODNN7EXAMPLEX',
    'password_length=16',
    'https://registry.npmjs.org:443/@acme/module',
    'SECRET_ARN=arn:aws:secretsmanager:eu-west-1:1:secret:x',
    'export DB_PASSWORD=$DB_PASSWORD_FROM_VAULT',
    'Authorization: required',
    'eyJhbGciOiJIUzI1NiJ9',
    'proxy=http://proxy.internal:3128',
    // Found by the third audit (F5): values a reviewer reads, hidden before.
    'arn:aws:iam::123456789012:role/ASIAPACIFICSOUTHEAST',
    'ASIAPACIFICSOUTHEAST',
    'AKIAWSPRODUCTIONKEY1',
    '{"Sid":"ASIAPACIFICSOUTHEAST","Effect":"Allow","Principal":"*","Action":"s3:GetObject"}',
    'token=auto',
    'ENABLE_TOKEN=true',
    'USE_SECRET=false',
    'secret=arn:aws:secretsmanager:eu-west-1:1:secret:x',
    'ssm_parameter_token=/prod/db/password',
    'Authorization: token required for all requests',
    'Requires authorization: bearer tokens from Okta',
    'https://[::1]:8080/users/@me',
    'http://[2001:db8::1]/a@b',
    // Names about a secret, and forms that only look like assignments.
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf',
    '{"Effect":"Allow","Action":["secretsmanager:GetSecretValue"],"Resource":"arn:aws:secretsmanager:*:1:secret:prod"}',
    'PASSWORD_MIN_LENGTH=12',
    'export TOKEN_FILE=/var/run/secrets/token',
    '--secret-id=prod/db/password',
    'aws secretsmanager get-secret-value --secret-id prod/db',
    'docker login -u ci --password-stdin registry',
    'aws secretsmanager put-secret-value --secret-string file://secret.json',
    'secretName: tls-cert',
    '"password": null',
    'password: {{ .Values.password }}',
    'key=value',
    'monkey: banana',
    '[{"name":"REGION","value":"eu-west-1"}]',
  ])('not %s', (value) => {
    expect(shapedLikeSecret(value)).toBe(false);
  });
});

describe('secret shapes run in time linear in the value', () => {
  /** The pattern's source with character classes and escapes taken out, so only its own syntax is left. */
  const syntaxOf = (pattern: RegExp) => pattern.source.replace(/\\./g, 'x').replace(/\[(?:\\.|[^\]])*\]/g, 'x');

  it.each(SECRET_SHAPES.map((row) => [row.reason, row] as const))('%s: every repetition is bounded, and it starts with a lookbehind', (_reason, row) => {
    const syntax = syntaxOf(row.pattern);
    expect(syntax, 'no * or + repetition').not.toMatch(/[*+]/);
    expect(syntax, 'no open-ended {n,}').not.toMatch(/\{\d+,\}/);
    // A lookbehind first, or one literal character and then a lookbehind reading backwards from it.
    expect(row.pattern.source, 'a lookbehind start').toMatch(/^(?:\(\?<[=!]|[^\\[(.*+?{|]\(\?<=)/);
  });

  it('a NAME=value shape matches only where a secret-name phrase is, as the one search clearing values of all of them assumes', () => {
    const judged = SECRET_SHAPES.filter((row) => row.judgeName);
    expect(judged.length).toBeGreaterThan(0);
    for (const row of judged) expect(row.pattern.source, row.reason).toContain(`(?:${SECRET_NAME_PHRASES})`);
  });

  it('finds nothing slowly: values of 256 KiB built to make an unbounded pattern backtrack', () => {
    const size = 256 << 10;
    const fill = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
    const values = [
      // F14: a long run before an '@' made the URL pattern rescan the run from every position (minutes).
      `${fill('a')}@`,
      `x://${fill('a')}:${fill('b')}`,
      fill('a://b:'),
      fill('eyJ'),
      `eyJ${fill('a')}.eyJ`,
      fill('-----BEGIN '),
      fill('; password '),
      fill('AKIA'),
      fill('ghp_'),
      fill('authorization: basic '),
      fill('?password'),
      // F4 (third audit): every `://` read up to 256 characters looking for an '@'.
      fill('a://'),
      fill('token=true '),
      fill('pwd=$ '),
      fill('"password": null, '),
      fill('--password-stdin '),
    ];
    const started = performance.now();
    for (const value of values) shapedLikeSecret(value);
    // Linear patterns take milliseconds here; the quadratic one took minutes on the first value.
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('markSecretsByName', () => {
  it('marks the strings under secret names, keeps what the plan marked, and leaves numbers, booleans and identifiers', () => {
    const value = {
      identifier: 'acme-prod',
      password: 'hunter2',
      password_length: 24,
      manage_master_user_password: true,
      master_user_secret: [{ secret_arn: 'arn:aws:secretsmanager:…', kms_key_id: 'key-1' }],
      environment: [{ variables: { DB_PASSWORD: 'env-pass', LOG_LEVEL: 'debug' } }],
      env: [{ name: 'API_TOKEN', value: 'tok-1' }, { name: 'REGION', value: 'eu-west-1' }],
      credentials: { username: 'admin', password: 'p2', token_type: 'bearer' },
      passwords: ['p3', 'p4'],
      flag_secret: 'true',
      tags: { Name: 'db' },
    };
    const mask = markSecretsByName(value, { tags: {} });
    expect(mask).toEqual({
      tags: {},
      password: true,
      environment: [{ variables: { DB_PASSWORD: true } }],
      env: [{ value: true }],
      credentials: { username: true, password: true },
      passwords: [true, true],
    });
  });

  it('returns the mask itself when nothing is added, and never loosens one', () => {
    const mask = { identifier: true };
    expect(markSecretsByName({ identifier: 'x', engine: 'postgres' }, mask)).toBe(mask);
    expect(markSecretsByName({ password: 'x' }, true)).toBe(true);
    expect(markSecretsByName('abc', false, 'db_password')).toBe(true);
  });
});

describe('the model', () => {
  it('treats secrets by name as sensitive: in the masks the rules read, and in what every output is scrubbed of', () => {
    const plan = loadPlanJson(
      {
        format_version: '1.2',
        variables: { db_password: { value: 'var-pass-1' }, region: { value: 'eu-west-1' } },
        configuration: { root_module: { variables: { db_password: {}, region: {} } } },
        resource_changes: [
          {
            address: 'aws_db_instance.a', type: 'aws_db_instance', name: 'a',
            change: {
              actions: ['delete', 'create'],
              before: { password: 'before-pass-1', port: 5432 }, after: { password: 'after-pass-1', port: 5432 },
              before_sensitive: {}, after_sensitive: {}, replace_paths: [['password']],
            },
          },
        ],
        resource_drift: [{ address: 'x_y.z', type: 'x_y', name: 'z', change: { actions: ['update'], before: { auth_token: 'drift-token-1' }, after: null } }],
        output_changes: { admin_token: { actions: ['create'], after: 'out-token-1', after_sensitive: false }, endpoint: { actions: ['create'], after: 'db.internal', after_sensitive: false } },
        planned_values: { outputs: { admin_token: { sensitive: false, value: 'out-token-1' }, nested: { sensitive: false, value: { client_secret: 'out-secret-2' } } } },
      },
      'p',
    );
    expect([...plan.secrets.sensitive].sort()).toEqual(['after-pass-1', 'before-pass-1', 'drift-token-1', 'out-secret-2', 'out-token-1', 'var-pass-1']);
    expect([...plan.secrets.variables]).toEqual(['eu-west-1']);
    expect(plan.changes[0]?.beforeSensitive).toEqual({ password: true });
    expect(plan.changes[0]?.afterSensitive).toEqual({ password: true });
    expect(plan.outputChanges.find((output) => output.name === 'admin_token')?.sensitive).toBe(true);
    expect(plan.outputChanges.find((output) => output.name === 'endpoint')?.sensitive).toBe(false);
  });
});
