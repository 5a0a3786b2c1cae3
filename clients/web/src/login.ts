// 登录: a login name and password (a first login with an initial password or activation code asks
// for the person's own), or, folded away, an API token. The session token goes to sessionStorage.

import { useState } from "preact/hooks";
import { html } from "htm/preact";
import { type User } from "./gen/sanzi/v1/user_pb";
import { TOKEN_KEY, explain, fieldErrors, reasonOf, sessions, t, value } from "./common";

export function SignIn(props: { notice?: string; onSignedIn: (u: User) => void }) {
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [changing, setChanging] = useState(false);
  const [fresh, setFresh] = useState("");
  const [again, setAgain] = useState("");
  const [token, setToken] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const finish = async () => {
    props.onSignedIn(await sessions.getCurrentUser({}));
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setError("");
    if (changing && fresh !== again) {
      setError(t("两次输入的新密码不一致", "the two new passwords differ"));
      return;
    }
    setBusy(true);
    try {
      const reply = await sessions.login({
        name: name.trim(),
        password,
        newPassword: changing ? fresh : "",
      });
      sessionStorage.setItem(TOKEN_KEY, reply.secret);
      await finish();
    } catch (err) {
      if (reasonOf(err) === "PASSWORD_CHANGE_REQUIRED") {
        setChanging(true);
      }
      const fields = fieldErrors(err);
      setError(fields.get("new_password") ?? explain(err));
    } finally {
      setBusy(false);
    }
  };
  const withToken = async (e: Event) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, token.trim());
    try {
      await finish();
    } catch (err) {
      sessionStorage.removeItem(TOKEN_KEY);
      setError(explain(err));
    }
  };
  return html`<section class="sign-in">
    <form class="password-login" onSubmit=${submit}>
      <h2>${t("登录", "Sign in")}</h2>
      ${props.notice && !error && html`<p class="notice" role="status">${props.notice}</p>`}
      <label>${t("登录名", "Login name")}
        <input name="name" autocomplete="username" value=${name} onInput=${(e: Event) => setName(value(e))} /></label>
      <label>${t("密码", "Password")}
        <input name="password" type="password" autocomplete="current-password" value=${password}
          onInput=${(e: Event) => setPassword(value(e))} /></label>
      ${changing && html`<p class="hint">${t(
        "这是初始密码（或激活码），请设置您自己的新密码（至少 10 个字符）。",
        "That is an initial password (or activation code): choose your own (at least 10 characters).",
      )}</p>
      <label>${t("新密码", "New password")}
        <input name="new-password" type="password" autocomplete="new-password" value=${fresh}
          onInput=${(e: Event) => setFresh(value(e))} /></label>
      <label>${t("再输一次", "Again")}
        <input name="new-password-again" type="password" autocomplete="new-password" value=${again}
          onInput=${(e: Event) => setAgain(value(e))} /></label>`}
      <button type="submit" disabled=${busy}>${t("登录", "Sign in")}</button>
      ${error && html`<p class="error" role="alert">${error}</p>`}
    </form>
    <details class="token-login">
      <summary>${t("用令牌登录（脚本和管理员）", "Sign in with a token (scripts, administrators)")}</summary>
      <form onSubmit=${withToken}>
        <label>${t("令牌", "Token")}
          <input type="password" autocomplete="off" value=${token} onInput=${(e: Event) => setToken(value(e))} /></label>
        <button type="submit">${t("登录", "Sign in")}</button>
      </form>
    </details>
  </section>`;
}
