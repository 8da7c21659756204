# Newsroom's edge cache, for Varnish 7 (Debian's `varnish` package). README.md, "Serving
# through Varnish", says how to run it. The rules follow what the app says in its headers;
# nothing here knows which pages exist:
#
# - Stored: responses that say a shared cache may keep them (`public` or `s-maxage`), that set
#   no cookie and do not vary on the cookie. The app says so for anonymous reader pages
#   (s-maxage=PUBLIC_PAGE_MAX_AGE) and hashed static files (a year and more, `immutable`).
# - Never shared: a request with the support cookie, a session or a pending message goes to the
#   app as it is, and its answer is not stored: it is that reader's page.
# - Purged by tags: each stored page carries the app's `Surrogate-Key` header, the tags of what
#   it shows (articles/pages.py lists them). The app sends `PURGE` with a `Surrogate-Key`
#   request header when content changes; every page carrying one of those tags is dropped.
# - Grace: when a page's time is up, readers are given the last copy while a fresh one is
#   fetched, and for as long as the app is down or slow: varnishd's `default_grace` parameter
#   (`-p default_grace=6h`), not a figure in this file.
#
# Bans, not xkey: plain `ban()` needs nothing beyond Debian's varnish (xkey is in the separate
# varnish-modules package, pinned to one Varnish release). A ban is checked against an object
# when it is next looked up, so a purge holds from the moment it is answered; the expression
# reads only `obj.*`, so the ban lurker also clears matching objects in the background and the
# ban list stays short. xkey would pay off at many purges a second over millions of objects,
# which is not a newsroom's load (a few purges a minute, thousands of pages).

vcl 4.1;

import std;

# `backend app` (with its health probe) and `acl purgers`: deploy/varnish/site.vcl.example.
include "site.vcl";

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Not allowed to purge"));
        }
        # Tags are the app's own vocabulary (letters, digits, dashes): nothing else may reach a
        # ban expression.
        if (req.http.Surrogate-Key !~ "^[a-z0-9-]+( [a-z0-9-]+)*$") {
            return (synth(400, "Surrogate-Key: space-separated tags expected"));
        }
        # Whole tags only (article-1 is not article-12). The regex is written without spaces
        # and unquoted: the ban parser splits at spaces, and quotes would be part of it.
        if (!std.ban({"obj.http.Surrogate-Key ~ (^|[[:space:]])("} +
                regsuball(req.http.Surrogate-Key, " ", "|") + {")([[:space:]]|$)"})) {
            return (synth(400, std.ban_error()));
        }
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # The reader's own page: the support cookie (a dismissed ask, a thanked donor), a session
    # (signed in), a one-time message. The app answers these `private`; not even a lookup.
    if (req.http.Cookie ~ "(^|;\s*)(support|sessionid|messages)=") {
        return (pass);
    }
    # Every other cookie but Django's CSRF token is of no use to the app (analytics and the
    # like; `support_hint` only ever comes with `support`), and would otherwise keep the page
    # from being shared. The CSRF token stays: a page with a form using it varies on the
    # cookie, and such an answer is not stored (vcl_backend_response).
    if (req.http.Cookie) {
        set req.http.Cookie = ";" + req.http.Cookie;
        set req.http.Cookie = regsuball(req.http.Cookie, ";\s*", ";");
        set req.http.Cookie = regsuball(req.http.Cookie, ";(csrftoken)=", "; \1=");
        set req.http.Cookie = regsuball(req.http.Cookie, ";[^ ][^;]*", "");
        set req.http.Cookie = regsuball(req.http.Cookie, "^[; ]+|[; ]+$", "");
        if (req.http.Cookie == "") {
            unset req.http.Cookie;
        }
    }
    return (hash);
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    # Only what the app says a shared cache may keep. Everything else (a 404, a redirect, a
    # page without a cache header) is fetched anew each time, and not held for default_ttl.
    if (beresp.http.Cache-Control !~ "(?i)(^|[ ,])(public|s-maxage=)") {
        call uncacheable;
        return (deliver);
    }
    # Defence in depth: the app never marks such a page public, and it must never be shared.
    if (beresp.http.Set-Cookie || beresp.http.Vary ~ "(?i)(^|[ ,])cookie([ ,]|$)") {
        call uncacheable;
        return (deliver);
    }
    # Varnish's built-in rules follow: `private`, `no-cache` and `no-store` are not stored.
}

# Remember for two minutes that this address is not stored, so requests for it go to the app
# side by side instead of queuing behind each other (hit-for-miss).
sub uncacheable {
    set beresp.uncacheable = true;
    set beresp.ttl = 120s;
}

sub vcl_deliver {
    # The tags are for this cache only.
    unset resp.http.Surrogate-Key;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } else if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
