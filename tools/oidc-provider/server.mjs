// A TEST OpenID Connect provider for Arrangeer's tests and demo: never for production.
//
// It is panva's certified oidc-provider with two issuers on 127.0.0.1:
//   - "DigiD (testomgeving)": people log in by picking a test person; the BSN is a claim and
//     the assurance level (acr) is chosen on the page (substantial by default);
//   - "Organisatie-account (testomgeving)": professionals pick a test employee; with the scope
//     "eherkenning" it also answers as an eHerkenning broker (the company's KvK number).
// The test people are in users.json. The clients "arrangeer" (the site) and two deliberately
// misbehaving clients for the failure tests are registered at both issuers:
//   - "arrangeer-ander-publiek": its ID token is re-signed for another audience;
//   - "arrangeer-verlopen": its ID token is re-signed as expired an hour ago.
//
// Usage: node server.mjs --digid-port 8010 --organisation-port 8011
// Prints one line "ready <digid issuer> <organisation issuer>" when both listen.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import * as jose from 'jose';
import Provider from 'oidc-provider';

const { values: args } = parseArgs({
  options: {
    'digid-port': { type: 'string', default: '8010' },
    'organisation-port': { type: 'string', default: '8011' },
    'client-secret': { type: 'string', default: 'arrangeer-test-geheim' },
  },
});

const users = JSON.parse(readFileSync(fileURLToPath(new URL('users.json', import.meta.url))));

export const ACR_SUBSTANTIAL = 'urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract';
export const ACR_BASIC = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';

const MISBEHAVING = {
  'arrangeer-ander-publiek': (claims) => ({ ...claims, aud: 'een-ander-systeem' }),
  'arrangeer-verlopen': (claims) => ({
    ...claims,
    iat: Math.floor(Date.now() / 1000) - 7200,
    exp: Math.floor(Date.now() / 1000) - 3600,
  }),
};

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>${escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em;line-height:1.5}
.test{background:#fff3cd;border:2px solid #8a6d00;padding:.5em 1em}
button{font-size:1em;padding:.4em 1em;margin:.2em 0}</style></head>
<body><main><p class="test"><strong>Testomgeving.</strong> Dit is geen echte inlogdienst: alleen
voor de demo en de tests van Arrangeer.</p>${body}</main></body></html>`;
}

async function startIssuer({ port, name, people, scopes, claims, extraClaimsFor }) {
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await jose.exportJWK(privateKey)), kid: `${name}-1`, alg: 'RS256', use: 'sig' };
  const byId = new Map(people.map((person) => [person.id, person]));
  const clients = ['arrangeer', ...Object.keys(MISBEHAVING)].map((clientId) => ({
    client_id: clientId,
    client_secret: args['client-secret'],
    redirect_uris: ['http://127.0.0.1/oidc/terug/'],
    post_logout_redirect_uris: ['http://127.0.0.1/'],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }));
  const provider = new Provider(issuer, {
    clients,
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims,
    scopes,
    acrValues: [ACR_SUBSTANTIAL, ACR_BASIC],
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.body = page(
            `Uitloggen bij ${name}`,
            `<h1>Uitloggen bij ${escape(name)}</h1>${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Ja, uitloggen</button>
<button type="submit" form="op.logoutForm">Nee, ingelogd blijven</button>`,
          );
        },
        async postLogoutSuccessSource(ctx) {
          ctx.body = page('Uitgelogd', `<h1>U bent uitgelogd bij ${escape(name)}</h1>`);
        },
      },
    },
    async findAccount(ctx, sub) {
      const person = byId.get(sub);
      if (!person) return undefined;
      return { accountId: sub, async claims() { return { sub, ...person.claims }; } };
    },
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId
        || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      // A first-party test provider: no consent screen.
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope(ctx.oidc.params.scope);
      grant.addOIDCClaims(['acr', 'auth_time', 'sid']);
      await grant.save();
      return grant;
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page('Fout', `<h1>Er ging iets mis</h1><p>${escape(out.error)}: ${escape(out.error_description ?? '')}</p>`);
    },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, IdToken: 600, AccessToken: 600, AuthorizationCode: 60 },
  });
  provider.proxy = false;
  // Any redirect back to a site on this machine (the test server's port changes every run).
  const local = (uri) => /^http:\/\/(127\.0\.0\.1|localhost|testserver)(:\d+)?\//.test(uri);
  provider.Client.prototype.redirectUriAllowed = function redirectUriAllowed(uri) { return local(uri); };
  provider.Client.prototype.postLogoutRedirectUriAllowed = function allowed(uri) { return local(uri); };

  // The misbehaving clients: the token response carries an ID token re-signed with the
  // provider's own key, but for another audience or already expired.
  provider.use(async (ctx, next) => {
    await next();
    const clientId = ctx.oidc?.client?.clientId;
    if (ctx.path === '/token' && ctx.status === 200 && ctx.body?.id_token && MISBEHAVING[clientId]) {
      const claims = MISBEHAVING[clientId](jose.decodeJwt(ctx.body.id_token));
      ctx.body = {
        ...ctx.body,
        id_token: await new jose.SignJWT(claims)
          .setProtectedHeader({ alg: 'RS256', kid: jwk.kid, typ: 'JWT' })
          .sign(privateKey),
      };
    }
  });

  const callback = provider.callback();
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, issuer);
      const match = url.pathname.match(/^\/interaction\/([^/]+)(\/login)?$/);
      if (!match) return callback(req, res);
      const details = await provider.interactionDetails(req, res);
      if (match[2] && req.method === 'POST') {
        const form = new URLSearchParams(await readBody(req));
        const person = byId.get(form.get('account'));
        if (!person) throw new Error('unknown test person');
        const acr = form.get('niveau') === 'basis' ? ACR_BASIC : ACR_SUBSTANTIAL;
        return provider.interactionFinished(req, res, { login: { accountId: person.id, acr } }, { mergeWithLastSubmission: false });
      }
      res.setHeader('content-type', 'text/html; charset=utf-8');
      const choices = people.map((person, index) => `<div><input type="radio" name="account" id="p${index}" value="${escape(person.id)}"${index === 0 ? ' checked' : ''}>
<label for="p${index}">${escape(person.label)}</label></div>`).join('\n');
      const level = extraClaimsFor === 'digid' ? `<fieldset><legend>Betrouwbaarheidsniveau</legend>
<div><input type="radio" name="niveau" id="n-midden" value="substantieel" checked><label for="n-midden">Substantieel (DigiD app of sms)</label></div>
<div><input type="radio" name="niveau" id="n-basis" value="basis"><label for="n-basis">Basis (alleen wachtwoord)</label></div></fieldset>` : '';
      res.end(page(`Inloggen bij ${name}`, `<h1>Inloggen bij ${escape(name)}</h1>
<form method="post" action="/interaction/${escape(details.uid)}/login">
<fieldset><legend>Kies een testpersoon</legend>${choices}</fieldset>${level}
<button type="submit">Inloggen</button></form>`));
    } catch (error) {
      res.statusCode = 400;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(page('Fout', `<h1>Er ging iets mis</h1><p>${escape(error.message)}</p>`));
    }
  });
  await new Promise((resolve) => server.listen(Number(port), '127.0.0.1', resolve));
  return issuer;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

const digid = await startIssuer({
  port: args['digid-port'],
  name: 'DigiD (testomgeving)',
  people: users.digid,
  scopes: ['openid', 'bsn', 'profile'],
  claims: {
    acr: null, auth_time: null, sid: null, openid: ['sub'], bsn: ['bsn'], profile: ['given_name', 'family_name'],
  },
  extraClaimsFor: 'digid',
});
const organisation = await startIssuer({
  port: args['organisation-port'],
  name: 'Organisatie-account (testomgeving)',
  people: users.organisation,
  scopes: ['openid', 'email', 'profile', 'employee', 'eherkenning'],
  claims: {
    acr: null, auth_time: null, sid: null, openid: ['sub'], email: ['email'], profile: ['given_name', 'family_name'], employee: ['employee_id'],
    // as an eHerkenning broker sends it: the KvK number of the company the employee acts for
    eherkenning: ['urn:etoegang:core:LegalSubjectID'],
  },
  extraClaimsFor: 'organisation',
});
console.log(`ready ${digid} ${organisation}`);
