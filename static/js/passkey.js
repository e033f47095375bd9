// Passkeys (WebAuthn) for the second factor: a button with data-passkey="register" or "login" asks the browser to make
// or use a passkey, through the JSON endpoints of django-otp-webauthn (accounts/urls.py). Every word the person reads
// comes translated in the button's data- attributes; the page works without this script for everything else.
(function () {
  function say(button, text) {
    const status = document.getElementById(button.dataset.status);
    if (status) status.textContent = text;
  }

  async function post(url, csrf, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body || {}),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.detail || response.statusText);
    return data;
  }

  async function run(button) {
    const d = button.dataset;
    const pkc = window.PublicKeyCredential;
    if (!pkc || !pkc.parseCreationOptionsFromJSON) {
      say(button, d.unsupported);
      return;
    }
    button.disabled = true;
    say(button, d.waiting);
    try {
      const options = await post(d.begin, d.csrf);
      let credential;
      if (d.passkey === "register") {
        credential = await navigator.credentials.create({ publicKey: pkc.parseCreationOptionsFromJSON(options) });
      } else {
        credential = await navigator.credentials.get({ publicKey: pkc.parseRequestOptionsFromJSON(options) });
      }
      const result = await post(d.complete, d.csrf, credential.toJSON());
      say(button, d.done);
      window.location.assign(result.redirect_url || d.next);
    } catch (error) {
      say(button, error && error.name === "NotAllowedError" ? d.cancelled : d.failed);
      button.disabled = false;
    }
  }

  document.querySelectorAll("button[data-passkey]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      run(button);
    });
  });
})();
