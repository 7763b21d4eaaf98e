//! Generated hostile documents (nesting, fragment explosions, alias and variable floods, huge
//! strings, Unicode soup) thrown at POST, GET and WebSocket: the process survives and every
//! answer carries a contract code. `HOSTILE_SEED` replays a run, `HOSTILE_CASES` sets its size.

use super::*;

/// The codes the contract allows.
const CODES: [&str; 7] = [
    "BAD_USER_INPUT",
    "NOT_FOUND",
    "CONFLICT",
    "UNAUTHENTICATED",
    "FORBIDDEN",
    "QUERY_TOO_COMPLEX",
    "INTERNAL",
];

/// Characters that break naive handling: combining marks, direction overrides, zero-width and
/// invisible characters, NUL, quotes and escapes, brackets, astral-plane emoji.
const TRICKY: [char; 22] = [
    '\u{0}',
    '\u{301}',
    '\u{202E}',
    '\u{2066}',
    '\u{200B}',
    '\u{FEFF}',
    '\u{FFFF}',
    '"',
    '\\',
    '{',
    '}',
    '[',
    ']',
    '(',
    ')',
    '$',
    '#',
    '\n',
    'Đ',
    'ủ',
    '🇻',
    '\u{10FFFF}',
];

/// One generated hostile document: deep nesting, fragment explosions and chains, alias and
/// variable floods, huge strings, and Unicode soup mixed into GraphQL tokens.
fn hostile_document(rng: &mut rand::rngs::StdRng) -> String {
    use rand::Rng;
    let tricky = |rng: &mut rand::rngs::StdRng, n: usize| -> String {
        (0..n).map(|_| TRICKY[rng.random_range(0..TRICKY.len())]).collect()
    };
    match rng.random_range(0..11) {
        9 => {
            // Fragments that spread each other through fields: a cycle validation must refuse.
            let length = rng.random_range(1..40);
            let mut text = String::from("{ organization(id: \"x\") { ...C0 } }\n");
            for n in 0..length {
                text.push_str(&format!(
                    "fragment C{n} on Organization {{ parent {{ ...C{} }} children {{ id }} }}\n",
                    (n + 1) % length
                ));
            }
            text
        }
        10 => {
            // Lists nested until their complexity would overflow a machine word.
            let levels = rng.random_range(8..16);
            format!(
                "{{ organization(id: \"x\") {{ {}id{} }} }}",
                "children { ".repeat(levels),
                " }".repeat(levels)
            )
        }
        0 => {
            let depth = rng.random_range(1..5_000);
            let opener = ["[", "{a:", "(", "{ a "][rng.random_range(0..4)];
            let closer = ["]", "}", ")", "}"][rng.random_range(0..4)];
            let balanced = rng.random_bool(0.5);
            format!(
                "{{ __typename(x: {}1{}) }}",
                opener.repeat(depth),
                if balanced { closer.repeat(depth) } else { String::new() }
            )
        }
        1 => nested_selections(rng.random_range(1..300)),
        2 => {
            let levels = rng.random_range(1..30);
            let fan = rng.random_range(2..5);
            let mut text = String::from("{ ...F0 }\n");
            for level in 0..levels {
                let spreads = (0..fan).map(|_| format!("...F{} ", level + 1)).collect::<String>();
                text.push_str(&format!("fragment F{level} on Query {{ {spreads} }}\n"));
            }
            text.push_str(&format!("fragment F{levels} on Query {{ __typename }}\n"));
            text
        }
        3 => {
            let length = rng.random_range(1..6_000);
            let mut text = String::from("{ ...F0 }\n");
            for level in 0..length {
                text.push_str(&format!("fragment F{level} on Query {{ ...F{} }}\n", level + 1));
            }
            text.push_str(&format!("fragment F{length} on Query {{ __typename }}\n"));
            text
        }
        4 => {
            let aliases: String = (0..rng.random_range(1..5_000))
                .map(|n| format!("a{n}: __typename "))
                .collect();
            format!("{{ {aliases} }}")
        }
        5 => {
            let size = rng.random_range(1..150_000);
            format!("{{ people(search: \"{}\") {{ totalCount }} }}", "ủ".repeat(size))
        }
        6 => {
            let variables: String = (0..rng.random_range(1..3_000))
                .map(|n| format!("$v{n}: [[Int!]!] "))
                .collect();
            format!("query({variables}) {{ __typename }}")
        }
        7 => {
            let length = rng.random_range(1..2_000);
            let soup = tricky(rng, length);
            format!("{{ organizations(search: \"{soup}\") {{ nodes {{ name }} }} }}")
        }
        _ => {
            let length = rng.random_range(1..4_000);
            let soup = tricky(rng, length);
            let position = rng.random_range(0..3);
            match position {
                0 => soup,
                1 => format!("{{ {soup} }}"),
                _ => format!("query Q{soup} {{ __typename @include(if: {soup}) }}"),
            }
        }
    }
}

/// Every error of a GraphQL answer carries one of the contract's codes.
fn assert_coded(answer: &Value, document: &str) {
    let errors = answer["errors"].as_array().cloned().unwrap_or_default();
    for error in &errors {
        let code = error["extensions"]["code"].as_str().unwrap_or("(none)");
        assert!(
            CODES.contains(&code),
            "an error without a known code ({code}) for {}: {error}",
            document.chars().take(200).collect::<String>()
        );
    }
}

#[tokio::test]
async fn generated_hostile_documents_never_crash_the_server_and_always_get_a_code() {
    use rand::SeedableRng;
    let app = TestApp::spawn().await;
    let address = app.serve().await;
    let seed = std::env::var("HOSTILE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261203);
    let cases: usize = std::env::var("HOSTILE_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut socket = Socket::open(address).await;
    for case in 0..cases {
        let document = hostile_document(&mut rng);
        // POST
        let request = Request::post("/graphql")
            .header("content-type", "application/json")
            .body(Body::from(json!({ "query": document }).to_string()))
            .expect("request");
        let (status, _, body) = app.send(request).await;
        match status {
            StatusCode::OK => {
                let answer: Value = serde_json::from_slice(&body).expect("a JSON answer");
                assert!(
                    answer.get("errors").is_some() || answer.get("data").is_some(),
                    "{answer}"
                );
                assert_coded(&answer, &document);
            }
            StatusCode::PAYLOAD_TOO_LARGE | StatusCode::BAD_REQUEST => {}
            other => panic!("case {case} (seed {seed}): POST answered {other}"),
        }
        // GET, where a URL can carry it
        if document.len() < 6_000 {
            let (status, answer) = get(&app, &[("query", &document)]).await;
            assert!(
                [StatusCode::OK, StatusCode::BAD_REQUEST, StatusCode::METHOD_NOT_ALLOWED].contains(&status),
                "case {case} (seed {seed}): GET answered {status}"
            );
            assert_coded(&answer, &document);
        }
        // WebSocket
        let id = case.to_string();
        let subscribe = json!({ "id": id, "type": "subscribe", "payload": { "query": document } });
        socket.0.send(Message::text(subscribe.to_string())).await.expect("send");
        loop {
            let message = tokio::time::timeout(Duration::from_secs(20), socket.0.next())
                .await
                .expect("an answer within 20 s");
            match message {
                Some(Ok(Message::Text(text))) => {
                    let message: Value = serde_json::from_str(&text).expect("JSON");
                    if message["id"] != id.as_str() || message["type"] == "complete" {
                        continue;
                    }
                    if message["type"] == "next" {
                        assert_coded(&message["payload"], &document);
                    } else {
                        assert_eq!(message["type"], "error", "{message}");
                        assert_coded(&json!({ "errors": message["payload"] }), &document);
                    }
                    break;
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                // Too big for a message: the socket closes with 1009; open another.
                _ => {
                    socket = Socket::open(address).await;
                    break;
                }
            }
        }
    }
    let data = app.query("{ organizations(first: 1) { totalCount } }", json!({})).await;
    assert!(data["organizations"]["totalCount"].as_i64().is_some_and(|n| n > 0));
}
