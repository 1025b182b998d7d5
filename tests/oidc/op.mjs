// A local OpenID Connect provider for Bistånd's tests: stands in for the municipality's e-ID
// broker (citizens) and its staff login (SITHS / e-ID broker). Never used in production.
//
// panva's oidc-provider (a certified implementation) with its development login form
// ("devInteractions": any login name and password). Two confidential clients, one per Bistånd
// login; authorization code flow with PKCE (required here), ID tokens signed with RS256.
//
// Environment (all optional except the redirect URIs):
//   OP_PORT                    port on 127.0.0.1 (default 4000)
//   OP_ISSUER                  issuer URL (default http://127.0.0.1:$OP_PORT)
//   OP_CITIZEN_CLIENT_ID       / OP_CITIZEN_CLIENT_SECRET   (default bistand-medborgare / citizen-secret)
//   OP_CITIZEN_REDIRECT_URIS   comma-separated redirect URIs of the citizen client
//   OP_STAFF_CLIENT_ID         / OP_STAFF_CLIENT_SECRET     (default bistand-personal / staff-secret)
//   OP_STAFF_REDIRECT_URIS     comma-separated redirect URIs of the staff client
//   OP_PERSONNUMMER_CLAIM      claim carrying the personnummer (default personal_number)
//   OP_ROLE_CLAIM              claim carrying the staff roles/groups (default roles)
//   OP_ACCOUNTS                JSON map: login name → claims, e.g.
//                              {"anna": {"personal_number": "19902101-1234", "name": "Anna A"}}
//                              The login name is the account's `sub`; a name not in the map
//                              gets only {"sub": <login>}.
//
// Only synthetic personnummer (month + 20, docs/adr/0020-synthetic-personnummer.md) are accepted
// in OP_ACCOUNTS: the provider refuses to start with anything else.
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number(process.env.OP_PORT || 4000);
const issuer = process.env.OP_ISSUER || `http://127.0.0.1:${port}`;
const personnummerClaim = process.env.OP_PERSONNUMMER_CLAIM || 'personal_number';
const roleClaim = process.env.OP_ROLE_CLAIM || 'roles';
const accounts = JSON.parse(process.env.OP_ACCOUNTS || '{}');

function list(value) {
  return (value || '').split(',').map((s) => s.trim()).filter(Boolean);
}

function isSynthetic(pnr) {
  // YYYYMMDD-NNNN or YYYYMMDDNNNN (or the 10-digit forms): the month field must be 21–32.
  const m = /^(\d{2})?(\d{2})(\d{2})(\d{2})[-+]?(\d{4})$/.exec(String(pnr));
  return Boolean(m) && Number(m[3]) >= 21 && Number(m[3]) <= 32;
}

for (const [login, claims] of Object.entries(accounts)) {
  if (personnummerClaim in claims && !isSynthetic(claims[personnummerClaim])) {
    console.error(`account ${login}: only synthetic personnummer (month + 20) are allowed`);
    process.exit(2);
  }
}

const citizenRedirects = list(process.env.OP_CITIZEN_REDIRECT_URIS);
const staffRedirects = list(process.env.OP_STAFF_REDIRECT_URIS);
if (!citizenRedirects.length || !staffRedirects.length) {
  console.error('OP_CITIZEN_REDIRECT_URIS and OP_STAFF_REDIRECT_URIS are required');
  process.exit(2);
}

const client = (id, secret, redirectUris) => ({
  client_id: id,
  client_secret: secret,
  redirect_uris: redirectUris,
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_post',
  id_token_signed_response_alg: 'RS256',
});

const profileClaims = ['name', 'given_name', 'family_name', personnummerClaim, roleClaim];
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-rs256', alg: 'RS256', use: 'sig' };

const provider = new Provider(issuer, {
  clients: [
    client(
      process.env.OP_CITIZEN_CLIENT_ID || 'bistand-medborgare',
      process.env.OP_CITIZEN_CLIENT_SECRET || 'citizen-secret',
      citizenRedirects,
    ),
    client(
      process.env.OP_STAFF_CLIENT_ID || 'bistand-personal',
      process.env.OP_STAFF_CLIENT_SECRET || 'staff-secret',
      staffRedirects,
    ),
  ],
  jwks: { keys: [signingKey] },
  claims: { openid: ['sub'], profile: profileClaims },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    const claims = accounts[id] || {};
    return {
      accountId: id,
      async claims() {
        return { ...claims, sub: id };
      },
    };
  },
  // First-party clients: no consent screen, every profile claim granted.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile');
    grant.addOIDCClaims(profileClaims);
    await grant.save();
    return grant;
  },
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
