//! The GraphiQL page at `GET /graphiql`, working without internet access.
//!
//! Records offices often run offline, so the page loads nothing from the internet: GraphiQL,
//! React, ReactDOM and the `graphql-ws` client are vendored, minified UMD builds under
//! `api/assets/graphiql/` (see the `README.md` there for packages, versions and how they were
//! fetched), embedded into the binary and served at `GET /graphiql/assets/{name}`.
//!
//! The asset file names carry the package version, so they can be cached as immutable; the page
//! itself is not cached that way. The page's Content-Security-Policy allows scripts and styles
//! only from this origin, plus, by hash, its one inline script, its one inline style and the
//! scroll-lock style GraphiQL's dialogs insert (unit tests keep the hashes in step). Fonts and
//! icons in GraphiQL's stylesheet are `data:` URLs.
//!
//! Queries and mutations go to `POST /graphql`; subscriptions go over the graphql-transport-ws
//! protocol to `ws(s)://<same host>/graphql/ws`, the scheme following the page's own.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

/// One embedded file: its name under `/graphiql/assets/`, its bytes and its Content-Type.
struct Asset {
    name: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
}

const JAVASCRIPT: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";

/// Every file served at `/graphiql/assets/{name}`: the vendored builds and their licenses.
const ASSETS: &[Asset] = &[
    Asset {
        name: "react-18.3.1.production.min.js",
        content_type: JAVASCRIPT,
        bytes: include_bytes!("../../assets/graphiql/react-18.3.1.production.min.js"),
    },
    Asset {
        name: "react-dom-18.3.1.production.min.js",
        content_type: JAVASCRIPT,
        bytes: include_bytes!("../../assets/graphiql/react-dom-18.3.1.production.min.js"),
    },
    Asset {
        name: "graphql-ws-5.16.2.min.js",
        content_type: JAVASCRIPT,
        bytes: include_bytes!("../../assets/graphiql/graphql-ws-5.16.2.min.js"),
    },
    Asset {
        name: "graphiql-3.8.3.min.js",
        content_type: JAVASCRIPT,
        bytes: include_bytes!("../../assets/graphiql/graphiql-3.8.3.min.js"),
    },
    Asset {
        name: "graphiql-3.8.3.min.css",
        content_type: CSS,
        bytes: include_bytes!("../../assets/graphiql/graphiql-3.8.3.min.css"),
    },
    Asset {
        name: "react.LICENSE",
        content_type: TEXT,
        bytes: include_bytes!("../../assets/graphiql/react.LICENSE"),
    },
    Asset {
        name: "react-dom.LICENSE",
        content_type: TEXT,
        bytes: include_bytes!("../../assets/graphiql/react-dom.LICENSE"),
    },
    Asset {
        name: "graphql-ws.LICENSE",
        content_type: TEXT,
        bytes: include_bytes!("../../assets/graphiql/graphql-ws.LICENSE"),
    },
    Asset {
        name: "graphiql.LICENSE",
        content_type: TEXT,
        bytes: include_bytes!("../../assets/graphiql/graphiql.LICENSE"),
    },
];

/// The page. Its inline `<style>` and `<script>` are allowed by their SHA-256 hashes in the
/// Content-Security-Policy; change either and the `inline_hashes_match_the_policy` test says
/// which hash to put there instead.
///
/// The third `style-src` hash is for the `<style>` that GraphiQL's dialogs (settings, short keys)
/// insert to lock scrolling (react-remove-scroll-bar, bundled in GraphiQL 3.8.3). Its text
/// depends on the body's margins and the root scrollbar's width, both always 0 here: the inline
/// style sets `margin:0` and puts `overflow:hidden` on `html` (not on `body`, where the library
/// could not measure the scrollbar). Should that text ever differ, the browser only refuses that
/// style, which changes nothing on a page that never scrolls.
const PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'sha256-SFweYO5EA0KOgUxi6KH1UpJNLm4/0RQ3s39/ZsfG8wY='; style-src 'self' 'sha256-jb/U+rvaZclXVV8uZ9ITNrWNbLXEEkXiV3FjoqNPX38=' 'sha256-Y/huXlwoYkVyQlxwSVcCi1RCDGDCSVBzDt0hYP9qlTc='; font-src 'self' data:; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<title>Congress records API · GraphiQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/graphiql/assets/graphiql-3.8.3.min.css">
<style>html{overflow:hidden}html,body,#graphiql{height:100%;margin:0}</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="/graphiql/assets/react-18.3.1.production.min.js"></script>
<script src="/graphiql/assets/react-dom-18.3.1.production.min.js"></script>
<script src="/graphiql/assets/graphql-ws-5.16.2.min.js"></script>
<script src="/graphiql/assets/graphiql-3.8.3.min.js"></script>
<script>
(function () {
  'use strict';
  var wsUrl = (location.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + location.host + '/graphql/ws';
  var fetcher = GraphiQL.createFetcher({
    url: '/graphql',
    wsClient: graphqlWs.createClient({ url: wsUrl })
  });
  var defaultQuery = [
    '# Congress records API',
    '# Queries, mutations: POST /graphql',
    '# Subscriptions: ' + wsUrl,
    '{',
    '  organizations(search: "Cự Khối") {',
    '    nodes {',
    '      name',
    '      congresses {',
    '        ordinalRoman',
    '        term',
    '        openedOn',
    '        committees {',
    '          kind',
    '          seatCount',
    '          members {',
    '            position',
    '            person {',
    '              fullName',
    '            }',
    '          }',
    '        }',
    '      }',
    '    }',
    '  }',
    '}',
    ''
  ].join('\n');
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher: fetcher, defaultQuery: defaultQuery })
  );
})();
</script>
</body>
</html>
"#;

/// GET /graphiql
pub async fn page() -> Html<&'static str> {
    Html(PAGE)
}

/// GET /graphiql/assets/{name}: the embedded files, with the right Content-Type and
/// `Cache-Control: public, max-age=31536000, immutable`; 404 (plain text) for unknown names.
pub async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|asset| asset.name == name) {
        Some(asset) => (
            [
                (header::CONTENT_TYPE, asset.content_type),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            asset.bytes,
        )
            .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, TEXT)],
            "no such GraphiQL asset\n",
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;
    use sha2::{Digest, Sha256};

    /// The text between each `open` tag (`<script>` / `<style>` exactly, so not `<script src>`)
    /// and its closing tag.
    fn inline_blocks<'a>(page: &'a str, open: &str, close: &str) -> Vec<&'a str> {
        page.split(open)
            .skip(1)
            .map(|rest| rest.split(close).next().unwrap())
            .collect()
    }

    /// Every `/graphiql/assets/...` path in the page, up to the closing quote.
    fn asset_paths(page: &str) -> Vec<&str> {
        page.match_indices("/graphiql/assets/")
            .map(|(start, _)| {
                let rest = &page[start..];
                &rest[..rest.find(['"', '\'']).unwrap()]
            })
            .collect()
    }

    /// The text GraphiQL 3.8.3's dialogs insert as a `<style>`, as Chromium recorded it on this
    /// page (every size 0: no margins, no scrollbar).
    const SCROLL_LOCK_STYLE: &str = concat!(
        "\n",
        "  .with-scroll-bars-hidden {\n",
        "   overflow: hidden !important;\n",
        "   padding-right: 0px !important;\n",
        "  }\n",
        "  body {\n",
        "    overflow: hidden !important;\n",
        "    overscroll-behavior: contain;\n",
        "    position: relative !important;\n",
        "    padding-left: 0px;\n",
        "    padding-top: 0px;\n",
        "    padding-right: 0px;\n",
        "    margin-left:0;\n",
        "    margin-top:0;\n",
        "    margin-right: 0px !important;\n",
        "    \n",
        "  }\n",
        "  \n",
        "  .right-scroll-bar-position {\n",
        "    right: 0px !important;\n",
        "  }\n",
        "  \n",
        "  .width-before-scroll-bar {\n",
        "    margin-right: 0px !important;\n",
        "  }\n",
        "  \n",
        "  .right-scroll-bar-position .right-scroll-bar-position {\n",
        "    right: 0 !important;\n",
        "  }\n",
        "  \n",
        "  .width-before-scroll-bar .width-before-scroll-bar {\n",
        "    margin-right: 0 !important;\n",
        "  }\n",
        "  \n",
        "  body {\n",
        "    --removed-body-scroll-bar-size: 0px;\n",
        "  }\n",
    );

    fn csp_hash(text: &str) -> String {
        let digest = Sha256::digest(text.as_bytes());
        format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
    }

    fn csp() -> &'static str {
        let start = PAGE.find("Content-Security-Policy\" content=\"").unwrap();
        let rest = &PAGE[start + "Content-Security-Policy\" content=\"".len()..];
        &rest[..rest.find('"').unwrap()]
    }

    fn directive(name: &str) -> &'static str {
        csp()
            .split(';')
            .map(str::trim)
            .find(|d| d.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("no {name} in the policy"))
    }

    #[tokio::test]
    async fn page_is_html_without_internet_urls() {
        let response = page().await.into_response();
        assert_eq!(response.status(), StatusCode::OK);
        assert!(
            response.headers()[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let lower = PAGE.to_ascii_lowercase();
        assert!(!lower.contains("http://"), "the page names an http:// URL");
        assert!(!lower.contains("https://"), "the page names an https:// URL");
        assert!(!lower.contains("ws://") && !lower.contains("wss://"));
        // Protocol-relative URLs (`//host/...`) in src/href would reach out too.
        assert!(!PAGE.contains("src=\"//") && !PAGE.contains("href=\"//"));
    }

    #[tokio::test]
    async fn every_asset_the_page_references_is_served() {
        let paths = asset_paths(PAGE);
        assert_eq!(paths.len(), 5, "{paths:?}");
        for path in paths {
            let name = path.trim_start_matches("/graphiql/assets/").to_owned();
            let response = asset(Path(name)).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            let headers = response.headers();
            assert_eq!(headers[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
            let content_type = headers[header::CONTENT_TYPE].to_str().unwrap();
            if path.ends_with(".js") {
                assert_eq!(content_type, JAVASCRIPT, "{path}");
            } else if path.ends_with(".css") {
                assert_eq!(content_type, CSS, "{path}");
            } else {
                panic!("unexpected asset kind: {path}");
            }
            let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
            assert!(body.len() > 1000, "{path} is suspiciously small");
        }
    }

    #[tokio::test]
    async fn every_embedded_asset_is_served_with_its_bytes() {
        for embedded in ASSETS {
            let response = asset(Path(embedded.name.to_owned())).await;
            assert_eq!(response.status(), StatusCode::OK, "{}", embedded.name);
            assert_eq!(response.headers()[header::CONTENT_TYPE], embedded.content_type);
            let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
            assert_eq!(&body[..], embedded.bytes, "{}", embedded.name);
        }
    }

    #[tokio::test]
    async fn unknown_asset_is_a_plain_text_404() {
        for name in ["nope.js", "", "../graphiql.rs", "graphiql.min.js.map"] {
            let response = asset(Path(name.to_owned())).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{name:?}");
            assert_eq!(response.headers()[header::CONTENT_TYPE], TEXT);
        }
    }

    #[test]
    fn policy_allows_only_this_origin() {
        assert_eq!(directive("default-src"), "default-src 'none'");
        for name in ["script-src", "style-src"] {
            let sources: Vec<&str> = directive(name).split_whitespace().skip(1).collect();
            assert!(sources.contains(&"'self'"), "{name}");
            for source in sources {
                assert!(
                    source == "'self'" || source.starts_with("'sha256-"),
                    "{name} allows {source}"
                );
            }
        }
        assert_eq!(directive("connect-src"), "connect-src 'self'");
    }

    #[test]
    fn inline_hashes_match_the_policy() {
        let scripts = inline_blocks(PAGE, "<script>", "</script>");
        let styles = inline_blocks(PAGE, "<style>", "</style>");
        assert_eq!((scripts.len(), styles.len()), (1, 1));
        // Nothing but these three: no stale hashes left behind.
        let hashes = csp().matches("'sha256-").count();
        assert_eq!(hashes, 3, "{}", csp());
        let checks = [
            ("script-src", scripts[0]),
            ("style-src", styles[0]),
            ("style-src", SCROLL_LOCK_STYLE),
        ];
        for (name, block) in checks {
            let hash = csp_hash(block);
            assert!(
                directive(name).split_whitespace().any(|s| s == hash),
                "put {hash} in {name}"
            );
        }
    }

    #[test]
    fn page_wires_the_fetcher_for_http_and_websocket() {
        assert!(PAGE.contains("url: '/graphql'"));
        assert!(PAGE.contains("wsClient: graphqlWs.createClient({ url: wsUrl })"));
        assert!(PAGE.contains("'wss:' : 'ws:'"));
        assert!(PAGE.contains("'/graphql/ws'"));
        assert!(PAGE.contains(r#"organizations(search: "Cự Khối")"#));
    }
}
