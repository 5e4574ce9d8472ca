/**
 * fixtures/e2e/unmarked-secret-replace.json: a database replace forced by a password, a connection
 * string, a private key and a PEM key under an innocent name, none of them marked sensitive.
 */
export const UNMARKED_SECRET_PLAN = 'fixtures/e2e/unmarked-secret-replace.json';

/** Its values that are secrets by name (password, connection string, private key) or shape (a PEM key). */
export const UNMARKED_SECRETS = [
  'pw-old-Lm3!unmarked-4410',
  'pw-new-Lm3!unmarked-4411',
  'cs-old-Qp7!unmarked-8812',
  'cs-new-Qp7!unmarked-8813',
  'pk-old-Wr5!unmarked-2291',
  'pk-new-Wr5!unmarked-2292',
  'MIIEpem-old-unmarked-6620',
  'MIIEpem-new-unmarked-6621',
];
