"""Kokybė settings: one file, read from the environment (see README, "Configuration")."""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    return os.environ.get(name, str(default)).strip().lower() in ("1", "true", "yes", "on")


def envint(name, default):
    return int(os.environ.get(name, default))


def envlist(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # A one-machine install needs no set-up: a random key is made once and kept beside the SQLite database
    # (readable by the owner only). Servers with several app instances set SECRET_KEY in the environment.
    key_file = Path(os.environ.get("SECRET_KEY_FILE", BASE_DIR / "var" / "secret_key"))
    if not key_file.exists():
        import secrets
        import tempfile

        key_file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=key_file.parent)  # mode 0600
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(50))
        try:
            os.link(tmp, key_file)  # atomic: if two processes start at once, the first key wins
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    SECRET_KEY = key_file.read_text().strip()

# Keys of the encrypted fields (kokybe/lib/crypto.py; README, "Encryption at rest"): Fernet keys, comma-separated,
# the first one encrypts. Kept apart from the database and its backups, or a dump reveals what the fields protect.
FIELD_ENCRYPTION_KEYS = envlist("FIELD_ENCRYPTION_KEYS")
if not FIELD_ENCRYPTION_KEYS and DEBUG:
    # A fixed, public development key, for DEBUG only: a server without DEBUG refuses to start without a real key.
    FIELD_ENCRYPTION_KEYS = ["B0BfVztwHA43aA7WwJLf-RRqfvxhezaMP5J7nQIY3r4="]

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Password guessing and reset-mail floods (kokybe/lib/throttle.py): failures per e-mail address and per IP address
# within a window; reset mails per address and per IP.
LOGIN_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 10)
LOGIN_FAILURE_LIMIT_PER_IP = envint("LOGIN_FAILURE_LIMIT_PER_IP", 50)
LOGIN_FAILURE_WINDOW_SECONDS = envint("LOGIN_FAILURE_WINDOW_SECONDS", 900)
PASSWORD_RESET_LIMIT = envint("PASSWORD_RESET_LIMIT", 5)
PASSWORD_RESET_WINDOW_SECONDS = envint("PASSWORD_RESET_WINDOW_SECONDS", 3600)
# The REST API (/api/v1/): requests per token (or per signed-in person) in a window of seconds; 429 past it.
API_RATE_LIMIT = (envint("API_RATE_LIMIT", 600), envint("API_RATE_WINDOW_SECONDS", 60))
# A JSON body larger than this is refused with 413 before it is parsed (every body the schema allows fits).
API_MAX_BODY = envint("API_MAX_BODY_BYTES", 1024 * 1024)
# Outgoing webhooks (api/outbound.py, the SSRF guard): https only unless WEBHOOK_ALLOW_HTTP (on under DEBUG), and
# only to public internet addresses, except the networks named here (CIDRs, e.g. an intranet integration "10.2.0.0/16").
WEBHOOK_ALLOW_HTTP = envbool("WEBHOOK_ALLOW_HTTP", DEBUG)
WEBHOOK_ALLOWED_NETWORKS = envlist("WEBHOOK_ALLOWED_NETWORKS")
# django-ninja's own pagination and throttles are not used (api/core.py has ours).
NINJA_PAGINATION_PER_PAGE = 50
# The counters above, the survey submission limit and the public page live in Django's cache, which must be one for
# every worker and every app server, or each gunicorn worker counts failed logins on its own. By default it is a table
# in the database (made by `migrate`, see kokybe/apps.py); REDIS_URL uses Redis instead (`pip install redis`);
# CACHE_DIR, a directory, is shared only by the processes of one machine.
CACHE_TABLE = "kokybe_cache"
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    }
elif os.environ.get("CACHE_DIR"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ["CACHE_DIR"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            # Past MAX_ENTRIES the cache drops a third of its rows: high enough that nobody can flush the login
            # counters by filling the cache with other keys (the per-address limit stops that long before).
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # its widget templates, found by the project's engine (FORM_RENDERER below)
    "django_htmx",
    # The second factor (accounts/mfa.py): passkeys (WebAuthn) here; authenticator apps and recovery codes are
    # accounts.AuthenticatorApp and accounts.RecoveryCodes (secrets at rest), in place of django-otp's plugins.
    "django_otp",
    "django_otp_webauthn",
    "django_tasks_db",
    "kokybe",
    "accounts",
    "orgs",
    "programmes",
    "people",
    "frameworks",
    "work",
    "actions",
    "assessments",
    "documents",
    "surveys",
    "audits",
    "safeguarding",
    "exports",
    "complaints",
    "ninja",  # django-ninja: its vendored Swagger UI (static files) for /api/v1/docs
    "api",
    "results",
    "competence",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "kokybe.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.sessions.IdleTimeoutMiddleware",
    "accounts.mfa.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "kokybe.urls"
WSGI_APPLICATION = "kokybe.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "orgs.context_processors.shell",
                "programmes.context_processors.nav",
            ],
        },
    },
]

# Forms render through the project's template engine, so templates/django/forms/field.html is the one way a field is
# drawn (label, help, errors, input; the help and errors linked to the input) on every page.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Background work (Django's Tasks framework, kokybe/lib/background.py): the queue is a table in the database and
# `manage.py run_worker` runs it (README, "Background work"). TASK_BACKEND names another backend (a broker-based one at
# national scale); "django.tasks.backends.immediate.ImmediateBackend" runs every task inside the request instead.
TASKS = {"default": {"BACKEND": os.environ.get("TASK_BACKEND", "django_tasks_db.DatabaseBackend")}}

# SQLite is the zero-set-up default; PostgreSQL via DATABASE_URL is the production engine.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=envint("CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE avoids "database is locked" on upgrade.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "root:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# The second factor (accounts/mfa.py). Superusers and the Django admin always need it; an organisation can require it
# for chosen roles. Passkeys are bound to the site's host name (WEBAUTHN_RP_ID, default: SITE_URL's) and accepted from
# the origins listed (default: SITE_URL); a browser refuses passkeys on a bare IP address, so use http://localhost:8000
# in development.
OTP_TOTP_ISSUER = os.environ.get("OTP_ISSUER", "Kokybė")
OTP_WEBAUTHN_RP_NAME = OTP_TOTP_ISSUER
OTP_WEBAUTHN_RP_ID_CALLABLE = "accounts.mfa.passkey_rp_id"
OTP_WEBAUTHN_HELPER_CLASS = "accounts.mfa.PasskeyHelper"
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_ALLOWED_ORIGINS = envlist("WEBAUTHN_ORIGINS") or (
    [SITE_URL] if SITE_URL.startswith(("https://", "http://localhost")) else ["http://localhost:8000"]
)
WEBAUTHN_RP_ID = os.environ.get("WEBAUTHN_RP_ID", "")
RECOVERY_CODES = 10

# Single sign-on with OpenID Connect (accounts/sso.py), off unless OIDC_CLIENT_ID is set. The provider's endpoints are
# given one by one (its /.well-known/openid-configuration lists them), so nothing is fetched at start-up.
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
OIDC_ENABLED = bool(os.environ.get("OIDC_CLIENT_ID"))
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = envint("OIDC_TIMEOUT", 10)
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso_callback"
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("accounts.sso.VerifiedEmailBackend")

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # ASVS 2.1.1: at least 12 characters (a second factor is required of privileged roles besides).
    {"NAME": "accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
INVITATION_VALID_DAYS = envint("INVITATION_VALID_DAYS", 14)

LANGUAGE_CODE = "lt"
LANGUAGES = [("lt", _("Lithuanian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["kokybe.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Vilnius")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Uploaded evidence lives outside the static roots and is served only by permission-checked views.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = None
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# Mail (Django 6.1 MAILERS). The environment keeps the familiar EMAIL_* names; see README, Configuration.
EMAIL_BACKEND_PATH = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": envint("EMAIL_PORT", 25),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": envbool("EMAIL_USE_TLS", False),
        "use_ssl": envbool("EMAIL_USE_SSL", False),
        "timeout": envint("EMAIL_TIMEOUT", 30),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kokybė <noreply@kokybe.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Admin", a) for a in envlist("ADMINS")]

# Production hardening: on unless DEBUG; each can be switched off behind a TLS-terminating proxy that needs it.
BEHIND_PROXY = envbool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
# Preloading binds the whole registrable domain (and every subdomain) to HTTPS for months: the domain owner's call,
# not this app's, so `check --deploy` is not asked to nag about it (W021). SECURE_HSTS_PRELOAD=1 opts in.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
# Content-Security-Policy on every response (a view may set its own, e.g. uploads.file_response's sandbox). Every
# script and stylesheet is a same-origin file: no inline <script>, no style="" attributes, no on*= handlers, no eval,
# so neither 'unsafe-inline' nor 'unsafe-eval' is needed. Values the server measures (timeline positions) are data-
# attributes a static script applies through the CSSOM (static/js/positions.js); htmx's indicator rules live in
# app.css. Images may be data: URIs (QR codes, charts); nothing is framed, no plugin runs, forms post only here.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sessions in the database with their owner in a column, so a person can list and end theirs (accounts/sessions.py).
SESSION_ENGINE = "accounts.session_store"
# A login lasts until the browser closes, or SESSION_IDLE_SECONDS without a request, and at most SESSION_MAX_SECONDS
# from the login; "remember me" makes it SESSION_COOKIE_AGE from the login (SESSION_REMEMBER_DAYS). See
# accounts/sessions.py and docs/security.md (ASVS 3.3).
SESSION_IDLE_SECONDS = envint("SESSION_IDLE_SECONDS", 8 * 3600)
SESSION_MAX_SECONDS = envint("SESSION_MAX_SECONDS", 12 * 3600)
SESSION_REMEMBER_DAYS = envint("SESSION_REMEMBER_DAYS", 7)
SESSION_COOKIE_AGE = SESSION_REMEMBER_DAYS * 24 * 3600
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Personal survey links (/s/t/<token>/) are masked in every record (kokybe/lib/logmask.py).
    # Django's own handlers are defined again here so that they are masked too: error mails and runserver's log.
    "filters": {
        "mask_tokens": {"()": "kokybe.lib.logmask.MaskTokens"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
        "json": {"()": "kokybe.lib.observability.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_tokens"]},
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false", "mask_tokens"],
        },
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server", "filters": ["mask_tokens"]},
    },
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# LOG_FORMAT=json writes every log line as one JSON object (for a log collector); the default is plain text.
if os.environ.get("LOG_FORMAT", "").lower() == "json":
    for _handler in ("console", "django.server"):
        LOGGING["handlers"][_handler]["formatter"] = "json"

# Error reports to Sentry (or a compatible service) when SENTRY_DSN is set; no personal data is sent with them.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    from kokybe.lib.observability import init_sentry

    init_sentry(
        SENTRY_DSN,
        os.environ.get("SENTRY_ENVIRONMENT", "production"),
        float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
