// Signing in: a pasted bearer token, or the OpenID Connect authorization-code flow with PKCE.
const TOKEN = "baxt.monitoring.token";
const PENDING = "baxt.monitoring.pkce";

export const token = () => sessionStorage.getItem(TOKEN);
export const keepToken = (value) => sessionStorage.setItem(TOKEN, value);
export const forgetToken = () => sessionStorage.removeItem(TOKEN);

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const randomText = () => base64url(crypto.getRandomValues(new Uint8Array(32)));
const redirectUri = () => `${location.origin}${location.pathname}`;

async function discovery(issuer) {
  const response = await fetch(`${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`discovery: ${response.status}`);
  return response.json();
}

/** Sends the browser to the issuer to sign in, remembering the PKCE verifier and state. */
export async function startSignIn(config) {
  const found = await discovery(config.issuer);
  const verifier = randomText();
  const state = randomText();
  const challenge = base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    response_type: "code",
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: "openid",
    state,
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  location.assign(`${found.authorization_endpoint}?${query}`);
}

/** Back from the issuer with a code: trades it for a token, which is kept for this tab. */
export async function finishSignIn(config) {
  const answer = new URLSearchParams(location.search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? "null");
  if (!answer.has("code") || pending === null) return false;
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, "", redirectUri());
  if (answer.get("state") !== pending.state) throw new Error("sign-in state does not match");
  const found = await discovery(config.issuer);
  const response = await fetch(found.token_endpoint, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: answer.get("code"),
      redirect_uri: redirectUri(),
      client_id: config.clientId,
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error(`token: ${response.status}`);
  keepToken((await response.json()).access_token);
  return true;
}
