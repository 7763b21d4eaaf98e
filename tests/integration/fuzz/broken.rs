//! Broken documents, malformed bodies and wrong methods: every one a client error, never a 5xx.

use super::*;

pub(super) fn graphql_body(document: &str) -> String {
    json!({ "query": document }).to_string()
}

/// Documents that are not GraphQL, or are GraphQL of a hostile shape.
pub(super) fn broken_documents(fuzzer: &mut Fuzzer) -> Vec<String> {
    let mut documents = Vec::new();
    // Valid operations cut off at a random character.
    fuzzer.dirty = true;
    for _ in 0..60 {
        let mutation = fuzzer.chance(0.3);
        let (document, _) = fuzzer.operation(mutation);
        let chars: Vec<char> = document.chars().collect();
        let cut = fuzzer.rng.random_range(0..chars.len());
        documents.push(chars[..cut].iter().collect());
    }
    // Random characters and token soup.
    let tokens = [
        "{",
        "}",
        "(",
        ")",
        "[",
        "]",
        ":",
        "$",
        "...",
        "@",
        "!",
        "=",
        "|",
        "&",
        "query",
        "mutation",
        "subscription",
        "fragment",
        "on",
        "organizations",
        "node",
        "id",
        "\"x\"",
        "\"\"\"block\"\"\"",
        "1",
        "-1.5e3",
        "true",
        "null",
        "Fuzz",
        "#",
        "\n",
        ",",
        "@include(if: true)",
        "__typename",
        "__schema",
    ];
    for _ in 0..40 {
        let len = fuzzer.rng.random_range(1..40);
        documents.push((0..len).map(|_| fuzzer.pick(&tokens)).collect::<Vec<_>>().join(" "));
    }
    for _ in 0..20 {
        let len = fuzzer.rng.random_range(1..200);
        documents.push((0..len).map(|_| fuzzer.rng.random::<char>()).collect());
    }
    // Deep nesting of every bracket the grammar has.
    for depth in [64, 1_000, 10_000, 100_000] {
        documents.push("{".repeat(depth));
        documents.push(format!("{}{}", "{ organizations ".repeat(depth), "}".repeat(depth)));
        documents.push(format!("{{ __typename{} }}", "(a: [".repeat(depth)));
        documents.push(format!(
            "{{ organizations(search: {}\"x\"{}) {{ totalCount }} }}",
            "[".repeat(depth),
            "]".repeat(depth)
        ));
        documents.push(format!(
            "{{ organizations(search: {}1{}) {{ totalCount }} }}",
            "{a: ".repeat(depth),
            "}".repeat(depth)
        ));
        documents.push(format!(
            "query($v: {}Int{}) {{ __typename }}",
            "[".repeat(depth),
            "]".repeat(depth)
        ));
    }
    // Long fragment chains, many operations, and other odd but parseable documents.
    let chain: String = (0..300)
        .map(|i| format!("fragment F{i} on Query {{ ...F{} }} ", i + 1))
        .collect();
    documents.push(format!("{{ ...F0 }} {chain} fragment F300 on Query {{ __typename }}"));
    documents.push(format!("{{ ...F0 }} {chain} fragment F300 on Query {{ ...F0 }}"));
    documents.push((0..500).map(|i| format!("query Q{i} {{ __typename }} ")).collect());
    documents.push("query A { __typename } query A { __typename }".to_owned());
    documents.push("{ __typename } { __typename }".to_owned());
    documents.push("subscription { recordChanged { operation } }".to_owned());
    documents.push("fragment F on Query { __typename }".to_owned());
    documents.push("{ node(id: \"x\") { ... on Organization { name } ... on Nothing { x } } }".to_owned());
    documents.push("{ organizations(first: 1) { nodes { name(arg: 1) } } }".to_owned());
    documents.push("{ __type(name: \"Organization\") { fields { name } } }".to_owned());
    documents.push("\u{feff}{ __typename }".to_owned());
    documents.push(String::new());
    documents.push("   \n\t ".to_owned());
    documents.push("# only a comment".to_owned());
    documents.push(format!(
        "{{ organizations(search: \"{}\") {{ totalCount }} }}",
        "\\u0000".repeat(50)
    ));
    documents.push("{ organizations(search: \"\\uD800\") { totalCount } }".to_owned());
    documents.push("{ organizations(search: \"\\u{1F600}\") { totalCount } }".to_owned());
    documents
}

/// Bodies that are not a GraphQL request in JSON, with the content type they are sent as.
pub(super) fn broken_bodies() -> Vec<(Vec<u8>, Option<&'static str>)> {
    let json = Some("application/json");
    let ok = graphql_body("{ __typename }");
    let mut bodies: Vec<(Vec<u8>, Option<&'static str>)> = [
        "",
        "{",
        "}",
        "null",
        "true",
        "123",
        "\"{ __typename }\"",
        "[]",
        "[null]",
        "[1, 2]",
        "{}",
        "{\"query\": 5}",
        "{\"query\": null}",
        "{\"query\": [\"{ __typename }\"]}",
        "{\"query\": \"{ __typename }\", \"variables\": \"x\"}",
        "{\"query\": \"{ __typename }\", \"variables\": [1]}",
        "{\"query\": \"{ __typename }\", \"variables\": \"{\\\"a\\\": 1}\"}",
        "{\"query\": \"{ __typename }\", \"operationName\": 5}",
        "{\"query\": \"{ __typename }\", \"extensions\": 5}",
        "{\"query\": \"{ __typename }\", \"extensions\": {\"persistedQuery\": {\"version\": 1, \"sha256Hash\": \"abc\"}}}",
        "{\"query\": \"{ __typename }\", \"query\": \"{ nope }\"}",
        "{\"query\": \"query($n: Int) { organizations(first: $n) { totalCount } }\", \"variables\": {\"n\": 1e999}}",
        "{\"query\": \"query($n: Int) { organizations(first: $n) { totalCount } }\", \"variables\": {\"n\": NaN}}",
        "{\"query\": \"query($n: Int) { organizations(first: $n) { totalCount } }\", \"variables\": {\"n\": 18446744073709551616}}",
        "{\"query\": \"query($s: String) { organizations(search: $s) { totalCount } }\", \"variables\": {\"s\": \"\\ud800\"}}",
        "{\"query\": \"{ __typename }\"} trailing",
        "{\"query\": \"{ __typename }\",}",
        "{'query': '{ __typename }'}",
        "query=%7B__typename%7D",
    ]
    .iter()
    .map(|body| (body.as_bytes().to_vec(), json))
    .collect();
    bodies.push((b"\xff\xfe{\"query\": \"{ __typename }\"}".to_vec(), json));
    bodies.push((
        b"{\"query\": \"{ organizations(search: \\\"\xc3\x28\\\") { totalCount } }\"}".to_vec(),
        json,
    ));
    bodies.push((format!("\u{feff}{ok}").into_bytes(), json));
    bodies.push((
        format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes(),
        json,
    ));
    bodies.push((
        format!(
            "{{\"query\": \"query($v: JSON) {{ __typename }}\", \"variables\": {{\"v\": {}1{}}}}}",
            "[".repeat(5_000),
            "]".repeat(5_000)
        )
        .into_bytes(),
        json,
    ));
    let batch = |n: usize| format!("[{}]", vec![ok.clone(); n].join(","));
    bodies.push((batch(11).into_bytes(), json));
    bodies.push((batch(500).into_bytes(), json));
    bodies.push((format!("[{ok}, 5]").into_bytes(), json));
    bodies.push((format!("[{ok}, {{\"query\": \"{{\"}}]").into_bytes(), json));
    // Over the body limit.
    bodies.push((
        graphql_body(&format!("{{ __typename {} }}", " ".repeat(1_100_000))).into_bytes(),
        json,
    ));
    // The right body with the wrong (or no) content type, and odd spellings of the right one.
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/graphql"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        Some("application/jsonx"),
        Some("application/json; charset=latin1"),
        Some("APPLICATION/JSON"),
        Some("application/json;;;"),
        Some("text/html, application/json"),
    ] {
        bodies.push((ok.clone().into_bytes(), content_type));
    }
    bodies
}

#[tokio::test]
pub(super) async fn broken_documents_malformed_bodies_and_wrong_methods_are_client_errors() {
    let seed = env_number("FUZZ_SEED").unwrap_or(DEFAULT_SEED).wrapping_add(1);
    let started = Instant::now();
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let mut run = Run::new(seed, &admin);
    let schema = introspect(&app, &mut run).await;
    let mut fuzzer = Fuzzer::new(seed, schema);
    warm_up(&app, &mut run, &mut fuzzer, &admin).await;

    for (index, document) in broken_documents(&mut fuzzer).into_iter().enumerate() {
        let accept = fuzzer.pick(&["application/json", "application/graphql-response+json"]);
        let planned = Planned::post(graphql_body(&document), true)
            .header("accept", accept)
            .header("authorization", format!("Bearer {admin}"));
        run.exchange(&app, &format!("document {index}"), &planned).await;
    }
    for (index, (body, content_type)) in broken_bodies().into_iter().enumerate() {
        let mut planned = Planned::post(body, false).header("authorization", format!("Bearer {admin}"));
        planned = match content_type {
            Some(content_type) => planned.header("content-type", content_type),
            None => planned.without_header("content-type"),
        };
        run.exchange(&app, &format!("body {index}"), &planned).await;
    }
    // Other methods, and GET with a broken query string.
    let mut odd = Vec::new();
    for method in ["PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE"] {
        odd.push(Planned {
            method,
            ..Planned::post(graphql_body("{ __typename }"), false)
        });
    }
    for query in [
        "",
        "?",
        "?query=",
        "?query=%ZZ",
        "?query=%7B__typename%7D&variables=not-json",
        "?query=%7B__typename%7D&variables=%5B1%5D",
        "?query=%7B__typename%7D&query=%7Bnope%7D",
        "?query=%7B__typename%7D&operationName=Nope",
        "?query=mutation%7B__typename%7D",
        "?query=subscription%7BrecordChanged%7Boperation%7D%7D",
        "?query=%7B__typename%7D&extensions=%7B",
        "?query=%C3%28",
    ] {
        odd.push(Planned {
            method: "GET",
            uri: format!("/graphql{query}"),
            headers: vec![("accept", "application/json".to_owned())],
            body: Vec::new(),
            graphql: false,
        });
    }
    for (index, planned) in odd.iter().enumerate() {
        run.exchange(&app, &format!("method {index}"), planned).await;
    }
    run.finish("broken input", started);
}
