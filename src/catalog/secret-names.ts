/**
 * Attributes that hold a secret by their name, for values a provider (or a module's output, or a
 * variable) fails to mark sensitive: such a value is treated as if the plan had marked it.
 *
 * A name is read as words: split on every non-alphanumeric character and at camelCase humps,
 * lowercased (`master_password`, `DB_PASSWORD`, `dbPassword`, `ConnectionStrings__Default`).
 * A name holds a secret when its words contain one of SECRET_NAMES' phrases and its last word is
 * not one of NOT_SECRET_LAST_WORDS (`password_length` is a number, `secret_arn` an identifier,
 * `token_expiry` a date: values about a secret, not the secret). Only string values are hidden:
 * a number or boolean under such a name (`password_reuse_prevention`, `manage_master_user_password`)
 * is a setting, not a secret.
 */

export interface SecretNameRow {
  /** Consecutive words of the name, e.g. ['private', 'key'] for `private_key_pem`. */
  words: readonly string[];
  /** What such a value is, and where providers leave it unmarked. */
  reason: string;
}

export const SECRET_NAMES: readonly SecretNameRow[] = [
  { words: ['password'], reason: 'a password (master_password, admin_password; providers that predate sensitive marks, module outputs, app settings)' },
  { words: ['passwords'], reason: 'a list of passwords (e.g. aws_mq_broker user passwords, redis auth lists)' },
  { words: ['passwd'], reason: 'a password, abbreviated' },
  { words: ['pwd'], reason: 'a password, abbreviated (DB_PWD environment variables)' },
  { words: ['pass'], reason: 'a password, abbreviated (SMTP_PASS, DB_PASS environment variables)' },
  { words: ['passphrase'], reason: 'the passphrase of a key or certificate' },
  { words: ['secret'], reason: 'a secret (client_secret, secret_key, secret_string)' },
  { words: ['secrets'], reason: 'a map or list of secrets' },
  { words: ['token'], reason: 'an access or authentication token (auth_token, api_token, github_token)' },
  { words: ['tokens'], reason: 'a list of tokens' },
  { words: ['private', 'key'], reason: 'a private key (private_key_pem, ssh_private_key)' },
  { words: ['privatekey'], reason: 'a private key, written as one word' },
  { words: ['client', 'key'], reason: "a TLS client's private key (kube_config client_key)" },
  { words: ['signing', 'key'], reason: 'a key that signs tokens or requests' },
  { words: ['encryption', 'key'], reason: 'a customer-supplied encryption key' },
  { words: ['master', 'key'], reason: 'a master key (Cosmos DB, search services)' },
  { words: ['primary', 'key'], reason: 'an Azure access key (primary_key of storage, Cosmos DB, Event Hubs, App Insights)' },
  { words: ['secondary', 'key'], reason: 'an Azure access key (secondary_key)' },
  { words: ['access', 'key'], reason: 'an access key (storage_account_access_key, primary_access_key)' },
  { words: ['account', 'key'], reason: 'a storage account key' },
  { words: ['shared', 'key'], reason: 'a shared key (VPN pre-shared keys, shared access keys)' },
  { words: ['psk'], reason: 'a pre-shared key (VPN tunnels)' },
  { words: ['api', 'key'], reason: 'an API key' },
  { words: ['apikey'], reason: 'an API key, written as one word' },
  { words: ['auth', 'key'], reason: 'an authentication key' },
  { words: ['license', 'key'], reason: 'a license key (monitoring agents)' },
  { words: ['instrumentation', 'key'], reason: 'an Application Insights key that lets anyone write telemetry' },
  { words: ['hmac'], reason: 'an HMAC key' },
  { words: ['credential'], reason: 'a credential' },
  { words: ['credentials'], reason: 'credentials (a service account key JSON, a username and password)' },
  { words: ['creds'], reason: 'credentials, abbreviated' },
  { words: ['connection', 'string'], reason: 'a connection string, which carries the password or account key (primary_connection_string)' },
  { words: ['connection', 'strings'], reason: 'connection strings (.NET ConnectionStrings__Name app settings)' },
  { words: ['connectionstring'], reason: 'a connection string, written as one word' },
  { words: ['conn', 'str'], reason: 'a connection string, abbreviated' },
  { words: ['dsn'], reason: 'a data source name, which usually carries the password' },
  { words: ['database', 'url'], reason: 'a database URL (DATABASE_URL), which usually carries the password' },
  { words: ['kubeconfig'], reason: "a kubeconfig, which carries the cluster's client key or token" },
  { words: ['kube', 'config'], reason: "a kubeconfig (azurerm_kubernetes_cluster kube_config), which carries the cluster's client key or token" },
  { words: ['kube', 'admin', 'config'], reason: 'an admin kubeconfig' },
  { words: ['sas'], reason: 'a shared access signature (sas, sas_url): a bearer credential' },
  { words: ['pfx'], reason: 'a PKCS#12 bundle, which holds the private key' },
  { words: ['webhook', 'url'], reason: 'a webhook URL (Slack, Teams), whose path is the credential' },
];

export interface NotSecretWordRow {
  word: string;
  /** What a value under a name ending in this word is. */
  reason: string;
}

/** Last words that make a secret-sounding name about the secret, not the secret itself. */
export const NOT_SECRET_LAST_WORDS: readonly NotSecretWordRow[] = [
  { word: 'arn', reason: 'an AWS identifier (secret_arn, master_user_secret_arn)' },
  { word: 'id', reason: 'an identifier (access_key_id, key_vault_secret_id, kms_key_id)' },
  { word: 'ids', reason: 'identifiers' },
  { word: 'name', reason: 'a name (secret_name, key_name)' },
  { word: 'names', reason: 'names' },
  { word: 'uri', reason: 'an address (key vault secret_uri)' },
  { word: 'path', reason: 'a file or Vault path' },
  { word: 'file', reason: 'a file name (credentials_file)' },
  { word: 'filename', reason: 'a file name' },
  { word: 'ref', reason: 'a reference to a secret stored elsewhere (secret_key_ref)' },
  { word: 'reference', reason: 'a reference to a secret stored elsewhere' },
  { word: 'source', reason: 'where a secret comes from (api_key_source: HEADER)' },
  { word: 'type', reason: 'a kind (private_key_type, token_type)' },
  { word: 'version', reason: 'a version number (secret_version, password_wo_version)' },
  { word: 'length', reason: 'a length (password_length, minimum_password_length)' },
  { word: 'prevention', reason: 'a count (password_reuse_prevention)' },
  { word: 'age', reason: 'a duration (max_password_age)' },
  { word: 'days', reason: 'a duration (secret_rotation_days)' },
  { word: 'expiry', reason: 'a date (token_expiry)' },
  { word: 'expiration', reason: 'a date' },
  { word: 'ttl', reason: 'a duration' },
  { word: 'validity', reason: 'a duration (refresh_token_validity)' },
  { word: 'units', reason: 'a unit of time (token_validity_units)' },
  { word: 'policy', reason: 'a policy about the secret (password_policy)' },
  { word: 'status', reason: 'a state (secret_status)' },
  { word: 'strategy', reason: 'how a secret is changed (auth_token_update_strategy)' },
  { word: 'rotation', reason: 'a rotation setting' },
  { word: 'algorithm', reason: 'an algorithm name (private_key_algorithm)' },
  { word: 'sha256', reason: 'a hash published by the service (customer_encryption_key_sha256)' },
  { word: 'fingerprint', reason: 'a public fingerprint' },
  { word: 'enabled', reason: 'a switch' },
  { word: 'required', reason: 'a switch' },
  { word: 'stdin', reason: 'a switch to read the secret from standard input (docker login --password-stdin)' },
];

export interface NotSecretValueRow {
  /** Matches the whole value assigned to a secret name. */
  value: RegExp;
  /** Why such a value is not the secret. */
  reason: string;
}

/**
 * Values that a `NAME=value` form (SECRET_SHAPES rows with `judgeName`) assigns to a secret name
 * without being the secret: a setting, or where the secret is kept. A reviewer needs to read them.
 */
export const NOT_SECRET_VALUES: readonly NotSecretValueRow[] = [
  { value: /^(?:true|false|yes|no|on|off|auto|none|null|nil|enabled|disabled|required|optional)$/i, reason: 'a setting (ENABLE_TOKEN=true, token=auto, "password": null)' },
  { value: /^arn:/i, reason: 'an ARN: where the secret is stored (secret=arn:aws:secretsmanager:…)' },
  { value: /^\//, reason: 'a path: the file or SSM parameter holding the secret (ssm_parameter_token=/prod/db/password)' },
  { value: /^file:\/\//i, reason: 'a file the tool reads the secret from (aws … --secret-string file://secret.json)' },
  { value: /^(?:\$|\{\{|%\{)/, reason: 'a shell, template or Terraform reference ($DB_PASSWORD, ${var.password}, {{ .Values.password }}, %{ … })' },
];

export interface SecretShapeRow {
  /** Text every match holds, looked for first: most values hold none, and need no pattern run. */
  holds: string;
  /**
   * Matches a value that is (or holds) a secret whatever its name. Values can be megabytes
   * (`user_data`, a policy), so every pattern runs in time linear in the value: it starts with
   * a lookbehind (or a literal, then a lookbehind) that fails at once inside a run of the
   * characters it then reads, and every repetition has an upper bound
   * (test/plan/secret-names.test.ts checks both).
   */
  pattern: RegExp;
  /**
   * A `NAME=value` form: a match counts only when its `name` group names a secret as an
   * attribute name would (namesSecret: SECRET_NAMES, NOT_SECRET_LAST_WORDS) and its `value` group
   * is none of NOT_SECRET_VALUES. Such a pattern captures the value in a lookahead, so the next
   * assignment may start inside it (`--set-env-vars=DB_PASSWORD=…`).
   */
  judgeName?: true;
  reason: string;
}

/**
 * A name of the given characters (a regex class body) holding one of SECRET_NAMES' phrases
 * (`private_key`, `privateKey`, `private-key`), captured as `name`: a `NAME=value` form is only
 * judged where its name holds one, so the patterns match no other assignment of a script, and a
 * value of `key=key=…` costs no more than other text.
 */
function anchoredName(characters: string): string {
  const phrases = SECRET_NAMES.map((row) => row.words.join('[_.-]?')).join('|');
  return `(?<name>[${characters}]{0,48}(?:${phrases})[${characters}]{0,32})`;
}

/** Values that are secrets by their shape, under any name (a PEM key in a `content` or `user_data`). */
export const SECRET_SHAPES: readonly SecretShapeRow[] = [
  { holds: 'PRIVATE KEY', pattern: /(?<![A-Za-z0-9])-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----/, reason: 'a PEM private key (RSA, EC, OpenSSH, PKCS#8, PGP)' },
  { holds: 'PuTTY-User-Key-File-', pattern: /(?<![A-Za-z0-9-])PuTTY-User-Key-File-\d:/, reason: 'a PuTTY private key file (.ppk; PuTTY docs, appendix C "PPK file format")' },
  {
    holds: '=',
    pattern: /(?<=^|;)\s{0,16}(?:password|pwd|accountkey|sharedaccesskey)\s{0,16}=\s{0,16}[^;\s]/i,
    reason: 'an ADO.NET or Azure connection string with a password or account key',
  },
  {
    holds: '://',
    // The password may hold '/' (generated base64 passwords do); a port (`host:8080/…@`) is not one,
    // nor is an IPv6 literal (`http://[::1]/a@b`: a user name holds no '[' (RFC 3986, 3.2.1)).
    // Matched backwards from each '@', so only an '@' starts work: a value of `a://` repeated
    // would otherwise read up to 256 characters from every `://` looking for one.
    pattern: /@(?<=(?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,31}:\/\/[^/\s:@[\]]{0,256}:(?!\d{1,5}(?:[/?#]|$))[^\s@]{1,256}@)/i,
    reason: 'a URL with a password in it (postgres://user:password@host; redis://:password@host, the usual Redis form)',
  },
  {
    holds: '=',
    pattern: /(?<=[?&;])(?:password|passwd|pwd|secret|client_secret|token|access_token|auth_token|api_key|apikey|sig|signature)=[^&;\s#]/i,
    reason: 'a URL or JDBC query parameter holding a secret (jdbc:…?user=app&password=…; ?sig= of an Azure SAS URL)',
  },
  {
    holds: ':',
    // Credentials of letters only followed by another word are prose (`Authorization: token required for …`).
    pattern: /(?<![a-z-])(?:proxy-)?authorization["']?[ \t]{0,8}:[ \t]{0,8}["']?(?:basic|bearer|token|digest)[ \t]{1,8}(?![a-z]{1,256}[ \t])[a-z0-9+/=._~-]{8}/i,
    reason: 'an HTTP Authorization header with its credentials (RFC 9110, section 11.6.2)',
  },
  {
    holds: '_',
    pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22})/,
    reason: 'a GitHub token (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_: GitHub docs, "About authentication to GitHub", token formats)',
  },
  {
    holds: 'xox',
    pattern: /(?<![A-Za-z0-9-])xox[abeoprs]-[A-Za-z0-9-]{10}/,
    reason: 'a Slack token (xoxb- bot, xoxp- user, xoxe- refresh...: Slack API docs, "Token types")',
  },
  {
    holds: 'eyJ',
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,4096}\.eyJ[A-Za-z0-9_-]{4,8192}\.[A-Za-z0-9_-]{0,1}/,
    reason: 'a JSON Web Token (RFC 7519: base64url of {"alg"... and {"sub"..., which open with eyJ)',
  },
  {
    holds: 'IA',
    // The id alone: its secret is written beside it in every form (env file, JSON, CSV), at any distance.
    // The 16 characters after the prefix are base32 ([A-Z2-7]); one of letters only (about 1 id in 28)
    // is passed over, since such a word is far more often a name (role/ASIAPACIFICSOUTHEAST).
    pattern: /(?<![A-Z0-9])(?:AKIA|ASIA)(?=[A-Z]{0,15}[2-7])[A-Z2-7]{16}(?![A-Z0-9])/,
    reason: 'an AWS access key id (AKIA long-term, ASIA temporary), whose secret access key is written beside it (AWS IAM docs, "Managing access keys"; "Understanding unique ID prefixes")',
  },
  {
    holds: '=',
    pattern: new RegExp(String.raw`(?<![A-Za-z0-9_.-])${anchoredName('A-Za-z0-9_.-')}["']?[ \t]{0,4}=[ \t]{0,4}(?=["']?(?<value>[^\s"';,&]{1,64}))`, 'i'),
    judgeName: true,
    reason: 'an assignment to a secret name: an environment, .env, .properties or INI line, or a command-line option (export AWS_SECRET_ACCESS_KEY=…, aws_secret_access_key = …, spring.datasource.password=…, --password=…), as user_data and scripts hold them',
  },
  {
    holds: ':',
    pattern: new RegExp(String.raw`(?<![A-Za-z0-9_.-])${anchoredName('A-Za-z0-9_.-')}(?:["'][ \t]{0,4}:[ \t]{0,4}|:[ \t]{1,4})(?=["']?(?<value>[^\s"';,&]{1,64}))`, 'i'),
    judgeName: true,
    reason: 'a JSON, YAML or HTTP-header entry under a secret name ("password": "…", password: …, DB_PASSWORD: …, X-Api-Key: …); a YAML or header colon is followed by a space, so an ARN\'s `:secret:` is not one',
  },
  {
    holds: '--',
    pattern: new RegExp(String.raw`(?<![A-Za-z0-9_-])--${anchoredName('A-Za-z0-9-')}[ \t]{1,4}(?=(?<value>[^\s"'-][^\s"';,&]{0,63}))`, 'i'),
    judgeName: true,
    reason: 'a command-line option naming a secret, with its value as the next word (docker login --password …, --client-secret …)',
  },
  {
    holds: '"value"',
    pattern: new RegExp(String.raw`(?<=[{,\s])"(?:name|key)"\s{0,16}:\s{0,16}"${anchoredName('A-Za-z0-9_.-')}"\s{0,16},\s{0,16}"value"\s{0,16}:\s{0,16}(?="(?<value>[^"]{1,64}))`, 'i'),
    judgeName: true,
    reason: 'an environment variable as a JSON name/value pair under a secret name ({"name":"DB_PASSWORD","value":"…"} in ECS container definitions, Kubernetes and CodeBuild env lists), as the same pair in HCL already is',
  },
  {
    holds: 'hooks.slack.com',
    pattern: /(?<![A-Za-z0-9-])hooks\.slack\.com\/services\/[A-Za-z0-9]{1,32}\/[A-Za-z0-9]{1,32}\/[A-Za-z0-9]{8}/,
    reason: 'a Slack incoming-webhook URL, whose path is the credential (Slack API docs, "Sending messages using incoming webhooks")',
  },
  {
    holds: '_live_',
    pattern: /(?<![A-Za-z0-9_])[rs]k_live_[A-Za-z0-9]{16}/,
    reason: 'a Stripe live secret or restricted key (Stripe docs, "API keys")',
  },
  {
    holds: 'AIza',
    pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}/,
    reason: 'a Google API key (Google Cloud docs, "Manage API keys")',
  },
  {
    holds: '"auths"',
    pattern: /(?<=[{,\s])"auth"\s{0,16}:\s{0,16}"[A-Za-z0-9+/]{8}/,
    reason: 'a Docker registry credential (config.json "auths": {registry: {"auth": base64 of user:password}}: Docker docs, "docker login")',
  },
  {
    holds: 'npm_',
    pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/,
    reason: 'an npm access token (npm docs, "About access tokens": npm_ and 36 characters)',
  },
  {
    holds: 'glpat-',
    pattern: /(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20}/,
    reason: 'a GitLab personal access token (GitLab docs, "Token overview": prefix glpat-)',
  },
  {
    holds: 'sk-',
    pattern: /(?<![A-Za-z0-9_-])sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20}/,
    reason: 'an OpenAI API key (sk-proj- project, sk-svcacct- service account, sk-admin- admin keys)',
  },
  {
    holds: 'sk-ant-',
    pattern: /(?<![A-Za-z0-9_-])sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{20}/,
    reason: 'an Anthropic API key (sk-ant-api03-…, sk-ant-admin01-…)',
  },
  {
    holds: 'SG.',
    pattern: /(?<![A-Za-z0-9_.-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}/,
    reason: 'a SendGrid API key (SG., 22 characters, a dot, 43 characters: SendGrid docs, "API keys")',
  },
  {
    holds: 'hv',
    pattern: /(?<![A-Za-z0-9_.-])hv[sbr]\.[A-Za-z0-9_-]{24}/,
    reason: 'a HashiCorp Vault token (hvs. service, hvb. batch, hvr. recovery: Vault docs, "Tokens", token prefixes)',
  },
  {
    holds: '/api/webhooks/',
    pattern: /(?<![A-Za-z0-9.-])(?:discord|discordapp)\.com\/api\/webhooks\/\d{1,20}\/[A-Za-z0-9_-]{20}/,
    reason: 'a Discord webhook URL, whose path is the credential (Discord developer docs, "Webhook resource")',
  },
];
