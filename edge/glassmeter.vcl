vcl 4.1;
# Glassmeter's CDN edge: Varnish in front of the origin, for LL-HLS and LL-DASH.
# src/edge/varnish.ts fills in the @...@ placeholders and starts varnishd with this file.
# What each rule is for, and how to map it to another CDN: docs/scale-out.md.

backend origin {
    .host = "@ORIGIN_HOST@";
    .port = "@ORIGIN_PORT@";
    # Longer than the origin's longest hold (3 x the longest target duration), so the edge
    # never gives up on a blocking request the origin is still holding.
    .first_byte_timeout = @HOLD_TIMEOUT@;
    .between_bytes_timeout = @HOLD_TIMEOUT@;
    .connect_timeout = 2s;
    .probe = {
        .url = "/healthz";
        .interval = 1s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
        .initial = 2;
    }
}

sub vcl_recv {
    set req.http.X-Gm-Cache = "pass";
    # Only the streams are cached. The clock, metrics, health, the app and the emulated
    # networks (/o/, shaped per player session at the origin) go through untouched.
    if (req.url !~ "^/live(/|$|\?)" || (req.method != "GET" && req.method != "HEAD")) {
        return (pass);
    }
    # The cache key is the path plus the delivery directives in a fixed order; every other
    # query parameter (cache busters, tracking) is dropped, so it cannot make new variants.
    set req.http.X-Gm-Q = "";
    if (req.url ~ "[?&]_HLS_msn=") {
        set req.http.X-Gm-V = regsub(req.url, "^[^?]*\?(?:[^#]*?&)?_HLS_msn=([^&#]*).*$", "\1");
        call gm_directive_integer;
        set req.http.X-Gm-Q = req.http.X-Gm-Q + "&_HLS_msn=" + req.http.X-Gm-V;
    }
    if (req.url ~ "[?&]_HLS_part=") {
        set req.http.X-Gm-V = regsub(req.url, "^[^?]*\?(?:[^#]*?&)?_HLS_part=([^&#]*).*$", "\1");
        call gm_directive_integer;
        set req.http.X-Gm-Q = req.http.X-Gm-Q + "&_HLS_part=" + req.http.X-Gm-V;
    }
    if (req.url ~ "[?&]_HLS_skip=") {
        set req.http.X-Gm-V = regsub(req.url, "^[^?]*\?(?:[^#]*?&)?_HLS_skip=([^&#]*).*$", "\1");
        if (req.http.X-Gm-V !~ "^(YES|v2)$") {
            # Malformed: the origin answers 400 naming the key; nothing is stored.
            return (pass);
        }
        set req.http.X-Gm-Q = req.http.X-Gm-Q + "&_HLS_skip=" + req.http.X-Gm-V;
    }
    set req.url = regsub(req.url, "[?#].*$", "");
    if (req.http.X-Gm-Q != "") {
        set req.url = req.url + "?" + regsub(req.http.X-Gm-Q, "^&", "");
    }
    unset req.http.X-Gm-Q;
    unset req.http.X-Gm-V;
    # Viewers' cookies and credentials mean nothing to a live stream; do not let them bypass the cache.
    unset req.http.Cookie;
    unset req.http.Authorization;
    return (hash);
}

# A directive value must be a plain integer; leading zeros are dropped so "007" and "7" are one object.
sub gm_directive_integer {
    if (req.http.X-Gm-V !~ "^[0-9]{1,12}$") {
        return (pass);
    }
    set req.http.X-Gm-V = regsub(req.http.X-Gm-V, "^0+([0-9])", "\1");
}

sub vcl_hash {
    hash_data(req.url);
    # The MPD names the clock URL on the host the player used, so it differs per Host; nothing
    # else does, and hashing Host for media would let made-up hosts fill the cache.
    if (req.url ~ "\.mpd$") {
        hash_data(req.http.host);
    }
    return (lookup);
}

sub vcl_hit {
    # An object born after this request arrived was being fetched while it waited: the
    # request was collapsed onto another viewer's origin request.
    if (obj.age < now - req.time) {
        set req.http.X-Gm-Cache = "coalesced";
    } else {
        set req.http.X-Gm-Cache = "hit";
    }
}

sub vcl_miss {
    set req.http.X-Gm-Cache = "miss";
}

sub vcl_backend_response {
    # No stale copies: a live playlist served late is a wrong playlist.
    set beresp.grace = 0s;
    set beresp.keep = 0s;
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.status >= 400) {
        # Errors are kept only long enough to collapse a burst (well under one 100 ms part):
        # the object asked for may exist a moment later.
        set beresp.ttl = 0.05s;
        return (deliver);
    }
    if (bereq.url ~ "\.(m3u8|mpd)$") {
        # A playlist without directives changes with every part; its max-age (whole seconds)
        # cannot say "one part", so the edge keeps it 0.1 s, under the shortest part.
        set beresp.ttl = 0.1s;
    }
    if (beresp.ttl > 600s) {
        # Immutable media: no object outlives the longest playlist window.
        set beresp.ttl = 600s;
    }
    # Held parts and chunked DASH segments flow to every waiter as the origin writes them.
    set beresp.do_stream = true;
    return (deliver);
}

sub vcl_deliver {
    set resp.http.X-Cache = req.http.X-Gm-Cache;
    if (resp.http.Access-Control-Expose-Headers) {
        set resp.http.Access-Control-Expose-Headers = resp.http.Access-Control-Expose-Headers + ", X-Cache";
    } else {
        set resp.http.Access-Control-Expose-Headers = "Age, X-Cache";
    }
    unset resp.http.Via;
}
