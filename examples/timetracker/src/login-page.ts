/** The sign-in page: a local form, and a stand-in for an OIDC provider's callback. */
export const LOGIN_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>TimeTracker — sign in</title></head>
<body>
<h1>TimeTracker</h1>
<form method="post" action="/login">
  <h2>Local account</h2>
  <label>User <input name="username" value="alice"></label>
  <label>Password <input name="password" type="password" value="alice"></label>
  <button>Sign in</button>
</form>
<form method="post" action="/login/oidc">
  <h2>Single sign-on (simulated OIDC)</h2>
  <label>User <input name="username" value="carol"></label>
  <button>Continue with SSO</button>
</form>
<p>Demo users: alice (admin), bob and carol (users); the password is the username.</p>
</body>
</html>
`;
