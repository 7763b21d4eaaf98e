//! The generator: random but mostly well-typed queries and mutations built from the schema.

use super::*;

#[derive(Default)]
pub(super) struct Variables {
    pub(super) declarations: Vec<String>,
    pub(super) values: Vec<String>,
}

pub(super) struct Fuzzer {
    pub(super) rng: StdRng,
    pub(super) schema: Rc<Schema>,
    /// IDs seen in responses, by node type name.
    pub(super) ids: BTreeMap<&'static str, Vec<String>>,
    pub(super) cursors: Vec<String>,
    pub(super) idempotency_keys: Vec<String>,
    pub(super) aliases: usize,
    /// Whether the current request may break the schema's rules (wrong types, unknown fields,
    /// missing arguments); otherwise it is well-typed and only its values are hostile.
    pub(super) dirty: bool,
}

impl Fuzzer {
    pub(super) fn new(seed: u64, schema: Schema) -> Self {
        Self {
            rng: StdRng::seed_from_u64(seed),
            schema: Rc::new(schema),
            ids: BTreeMap::new(),
            cursors: Vec::new(),
            idempotency_keys: Vec::new(),
            aliases: 0,
            dirty: false,
        }
    }

    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    /// A chance to break the schema's rules, taken only in a dirty request.
    pub(super) fn invalid(&mut self, p: f64) -> bool {
        self.dirty && self.chance(p)
    }

    pub(super) fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items.choose(&mut self.rng).cloned().expect("a non-empty list")
    }

    /// Remembers the IDs and cursors of a response, to send them back later.
    pub(super) fn learn(&mut self, value: &Value) {
        match value {
            Value::Object(map) => {
                for (key, item) in map {
                    if let (true, Value::String(cursor)) =
                        (matches!(key.as_str(), "cursor" | "endCursor" | "startCursor"), item)
                        && !self.cursors.contains(cursor)
                        && self.cursors.len() < 200
                    {
                        self.cursors.push(cursor.clone());
                    }
                    self.learn(item);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| self.learn(item)),
            Value::String(text) => {
                if let Some((node_type, _)) = decode(text) {
                    let list = self.ids.entry(node_type.name()).or_default();
                    if !list.contains(text) && list.len() < 200 {
                        list.push(text.clone());
                    }
                }
            }
            _ => {}
        }
    }

    pub(super) fn known_id(&mut self, node_type: Option<&str>) -> Option<String> {
        let list: Vec<String> = match node_type {
            Some(name) => self.ids.get(name).cloned().unwrap_or_default(),
            None => self.ids.values().flatten().cloned().collect(),
        };
        list.choose(&mut self.rng).cloned()
    }

    // --- scalars ---

    pub(super) fn hostile_string(&mut self) -> String {
        match self.rng.random_range(0..20) {
            0 => "x".repeat(self.rng.random_range(150..6_000)),
            1 => "Đảng bộ phường Cự Khối ".repeat(self.rng.random_range(10..2_500)),
            2 => {
                let len = self.rng.random_range(1..40);
                (0..len).map(|_| self.rng.random::<char>()).collect()
            }
            3 => {
                let len = self.rng.random_range(1..30);
                (0..len)
                    .map(|_| char::from(self.rng.random_range(0x20_u8..0x7F)))
                    .collect()
            }
            4 => format!("{}{}", self.pick(HOSTILE), self.pick(HOSTILE)),
            _ => self.pick(HOSTILE).to_owned(),
        }
    }

    pub(super) fn vietnamese_name(&mut self) -> String {
        let family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Ngô", "Đào"];
        let middle = ["Văn", "Thị", "Quốc", "Minh", "Ngọc", "Tiến"];
        let given = ["An", "Bình", "Dũng", "Hoà", "Thuỷ", "Khoẻ", "Hương", "Toản", "Huy"];
        let honorific = ["", "", "", "đồng chí ", "Đ/c ", "ĐC ", "comrade "];
        let name = format!(
            "{}{} {} {}",
            self.pick(&honorific),
            self.pick(&family),
            self.pick(&middle),
            self.pick(&given)
        );
        if self.chance(0.2) {
            unicode_normalization::UnicodeNormalization::nfd(name.as_str()).collect()
        } else {
            name
        }
    }

    pub(super) fn string(&mut self, name: &str, field: &str) -> String {
        if self.chance(0.3) {
            return self.hostile_string();
        }
        match name {
            "search" => self
                .pick(&[
                    "Cự Khối",
                    "cu khoi",
                    "CU KH",
                    "phường",
                    "Đảng bộ",
                    "Sài Đồng",
                    "Phù Vân",
                    "Hoà",
                    "Hòa",
                    "Nguyễn",
                    "ngo van",
                    "Uỷ",
                    "a",
                ])
                .to_owned(),
            "symbol" | "decisionSymbol" => self.pick(SYMBOLS).to_owned(),
            "after" => self.cursor(field),
            "fullName" | "name" => self.vietnamese_name(),
            "url" => self
                .pick(&[
                    "https://example.org/bai-viet?id=1",
                    "javascript:alert(1)",
                    "ftp://x",
                    "not a url",
                ])
                .to_owned(),
            "idempotencyKey" => {
                if self.chance(0.4)
                    && let Some(key) = self.idempotency_keys.choose(&mut self.rng).cloned()
                {
                    return key;
                }
                let key = format!("fuzz-{}", self.rng.random::<u32>());
                self.idempotency_keys.push(key.clone());
                key
            }
            "rule" => self
                .pick(&["declared_target_count", "id_type", "page_size", "nope"])
                .to_owned(),
            "operation" => self
                .pick(&[
                    "submitCongressResult",
                    "createOrganization",
                    "recordOrganizationStats",
                    "x",
                ])
                .to_owned(),
            "reason" | "note" | "title" | "summary" | "motto" | "text" | "label" | "role" | "publisher" | "author"
            | "unit" => self
                .pick(&[
                    "Đoàn kết - Dân chủ - Kỷ cương - Đổi mới - Phát triển",
                    "nhập nhầm nhiệm kỳ",
                    "Báo cáo kết quả Đại hội",
                    "Kết nạp từ 6-8 đảng viên mới mỗi năm",
                    "100% chi bộ hoàn thành tốt nhiệm vụ trở lên",
                    "đảng viên",
                ])
                .to_owned(),
            _ => self.hostile_string(),
        }
    }

    /// A cursor for the list `field`: mostly one the server gave out for that list, else one of
    /// another list, a forged one, or garbage.
    pub(super) fn cursor(&mut self, field: &str) -> String {
        let own: Vec<String> = self
            .cursors
            .iter()
            .filter(|cursor| cursor_list(cursor).as_deref() == Some(field))
            .cloned()
            .collect();
        let roll = self.rng.random_range(0..100);
        let clean_share = if self.dirty { 40 } else { 85 };
        if roll < clean_share
            && let Some(cursor) = own.choose(&mut self.rng)
        {
            return cursor.clone();
        }
        match self.rng.random_range(0..10) {
            0..3 => self
                .cursors
                .choose(&mut self.rng)
                .cloned()
                .unwrap_or_else(|| "bogus".to_owned()),
            3..8 => self.forged_cursor(),
            _ => self.hostile_string(),
        }
    }

    /// A real cursor taken apart, its key changed (numbers out of range, hostile strings, wrong
    /// types), and put back together, sometimes under another list's name.
    pub(super) fn forged_cursor(&mut self) -> String {
        let real = self.cursors.choose(&mut self.rng).cloned();
        let decoded = real
            .as_deref()
            .and_then(base64_decode)
            .and_then(|bytes| String::from_utf8(bytes).ok());
        let (list, body) = match decoded.as_deref().and_then(|text| text.split_once('|')) {
            Some((list, body)) => (list.to_owned(), body.to_owned()),
            None => (
                "organizations".to_owned(),
                json!({ "rank": 0, "key": "a", "id": 1 }).to_string(),
            ),
        };
        let list = if self.chance(0.2) {
            self.pick(LISTS).to_owned()
        } else {
            list
        };
        let body = match serde_json::from_str::<Value>(&body) {
            Ok(value) if !self.chance(0.1) => self.mutate_json(value, 0.5).to_string(),
            _ => self.hostile_string(),
        };
        base64_encode(format!("{list}|{body}").as_bytes())
    }

    /// Replaces leaves of a JSON value, each with probability `p`, by hostile ones of any type.
    pub(super) fn mutate_json(&mut self, value: Value, p: f64) -> Value {
        match value {
            Value::Object(map) => {
                let mut out = serde_json::Map::new();
                for (key, item) in map {
                    if self.chance(p / 10.0) {
                        continue; // a field left out
                    }
                    let item = self.mutate_json(item, p);
                    out.insert(key, item);
                }
                if self.chance(p / 10.0) {
                    out.insert("unexpected".to_owned(), json!(true));
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(items.into_iter().map(|item| self.mutate_json(item, p)).collect()),
            _ if self.chance(p) => match self.rng.random_range(0..6) {
                0 => json!(self.pick(&[0_i64, -1, 1, i64::MAX, i64::MIN, 2_147_483_648])),
                1 => json!(self.pick(&[1.5_f64, -0.0, 1e300])),
                2 => Value::Null,
                3 => json!(self.pick(ODD_DATES)),
                4 => json!(self.pick(DECIMALS)),
                _ => Value::String(self.hostile_string()),
            },
            leaf => leaf,
        }
    }

    pub(super) fn int(&mut self, name: &str) -> String {
        if self.chance(0.08) {
            let extremes: &[&str] = if self.dirty {
                &[
                    "2147483648",
                    "-2147483649",
                    "9223372036854775807",
                    "99999999999999999999999",
                    "1.0",
                ]
            } else {
                &["0", "-1", "2147483647", "-2147483648"]
            };
            return self.pick(extremes).to_owned();
        }
        let lower = name.to_ascii_lowercase();
        let value: i64 = if lower.contains("year") {
            if self.chance(0.1) {
                self.pick(&[0, -1, 1, 1929, 2201, 9999, 10_000, 262_143])
            } else {
                self.rng.random_range(1990..=2035)
            }
        } else if lower == "first" {
            self.rng.random_range(0..=12)
        } else if lower == "ordinal" {
            self.rng.random_range(1..=30)
        } else {
            self.rng.random_range(-3..=400)
        };
        value.to_string()
    }

    pub(super) fn id(&mut self, arg: &str, field: &str) -> String {
        let expected = expected_node_type(arg, field);
        // Shares of: a known ID of the expected type, of any type, a made-up one, garbage.
        let (right, any, made_up) = if self.dirty { (55, 70, 82) } else { (88, 93, 97) };
        let roll = self.rng.random_range(0..100);
        if roll < right
            && let Some(id) = self.known_id(expected).or_else(|| self.known_id(None))
        {
            return id;
        }
        if roll < any
            && let Some(id) = self.known_id(None)
        {
            return id;
        }
        if roll < made_up {
            let node_type = self.pick(&NODE_TYPES);
            let key = self.pick(&[1, 2, 3, 7, 50, 999_999, i64::MAX]);
            return encode(node_type, key).0;
        }
        let forged = [
            "Organization:0",
            "Organization:-1",
            "Organization:99999999999999999999",
            "Organization:+1",
            "Organization:1 ",
            "Bogus:1",
            "Organization",
            ":",
            "",
        ];
        match self.rng.random_range(0..4) {
            0 => base64_encode(self.pick(&forged).as_bytes()),
            1 => {
                let id = self.known_id(None).unwrap_or_default();
                format!("{id}{}", self.pick(&["=", "==", " ", "\u{0}", "A", "%3D"]))
            }
            _ => self.hostile_string(),
        }
    }

    pub(super) fn date(&mut self) -> String {
        if self.chance(0.3) {
            let pool = if self.dirty && self.chance(0.5) {
                BAD_DATES
            } else {
                ODD_DATES
            };
            return self.pick(pool).to_owned();
        }
        let year = if self.chance(0.9) {
            self.rng.random_range(2000..=2025)
        } else {
            self.rng.random_range(1930..=2035)
        };
        let month = self.rng.random_range(1..=12);
        let day = self.rng.random_range(1..=28);
        format!("{year}-{month:02}-{day:02}")
    }

    pub(super) fn date_time(&mut self) -> String {
        if self.dirty && self.chance(0.3) {
            return self.pick(BAD_DATE_TIMES).to_owned();
        }
        self.pick(DATE_TIMES).to_owned()
    }

    pub(super) fn decimal(&mut self) -> Val {
        if self.dirty && self.chance(0.2) {
            return match self.rng.random_range(0..3) {
                0 => Val::Float(self.pick(&["1e400", "1.7976931348623157e308", "5e-324"]).to_owned()),
                1 => Val::Int("100000000000000000000000000000000".to_owned()),
                _ => Val::Str(self.pick(BAD_DECIMALS).to_owned()),
            };
        }
        match self.rng.random_range(0..10) {
            0..3 => Val::Str(self.pick(DECIMALS).to_owned()),
            3 => {
                let text = self.pick(NUMBERS);
                if text.contains(['.', 'e']) {
                    Val::Float(text.to_owned())
                } else {
                    Val::Int(text.to_owned())
                }
            }
            4 => Val::Float(format!(
                "{}.{}",
                self.rng.random_range(0..1000),
                self.rng.random_range(1..100)
            )),
            5 => Val::Int(self.rng.random_range(-10..=500).to_string()),
            _ => {
                let whole = self.rng.random_range(0..=150);
                let cents = self.rng.random_range(0..100);
                Val::Str(format!("{whole}.{cents:02}"))
            }
        }
    }

    // --- composite values ---

    pub(super) fn value(&mut self, ty: &Ty, name: &str, field: &str, depth: usize) -> Val {
        match ty {
            Ty::NonNull(inner) => {
                if self.invalid(0.015) {
                    Val::Null
                } else {
                    self.value_of(inner, false, name, field, depth)
                }
            }
            nullable => self.value_of(nullable, true, name, field, depth),
        }
    }

    pub(super) fn value_of(&mut self, ty: &Ty, nullable: bool, name: &str, field: &str, depth: usize) -> Val {
        if nullable && self.chance(0.03) {
            return Val::Null;
        }
        match ty {
            Ty::NonNull(_) => self.value(ty, name, field, depth),
            Ty::List(inner) => {
                if self.chance(0.04) {
                    // A single value where a list is expected: coerced into a list of one.
                    return self.value(inner, name, field, depth + 1);
                }
                let leaf = self.schema.is_leaf(inner.name());
                let len = match self.rng.random_range(0..100) {
                    0..15 => 0,
                    15..92 => self.rng.random_range(1..=3),
                    _ if leaf => self.rng.random_range(20..=120),
                    _ => self.rng.random_range(4..=8),
                };
                let len = if depth > 3 && !leaf { 0 } else { len };
                Val::List((0..len).map(|_| self.value(inner, name, field, depth + 1)).collect())
            }
            Ty::Named(type_name) => {
                if self.invalid(0.025) {
                    // A value of the wrong kind.
                    return self.pick(&[
                        Val::Str("1".to_owned()),
                        Val::Int("1".to_owned()),
                        Val::Bool(true),
                        Val::Obj(Vec::new()),
                        Val::List(Vec::new()),
                        Val::Float("1.5".to_owned()),
                    ]);
                }
                self.named_value(type_name, name, field, depth)
            }
        }
    }

    pub(super) fn named_value(&mut self, type_name: &str, name: &str, field: &str, depth: usize) -> Val {
        let schema = Rc::clone(&self.schema);
        let def = schema.def(type_name);
        match def.kind.as_str() {
            "ENUM" => {
                if self.invalid(0.06) {
                    Val::Enum(self.pick(&["NOT_A_VALUE", "secretary", "true", "null_"]).to_owned())
                } else {
                    Val::Enum(self.pick(&def.enum_values))
                }
            }
            "INPUT_OBJECT" => self.input_object(def, depth),
            _ => match type_name {
                "String" => Val::Str(self.string(name, field)),
                "Int" => Val::Int(self.int(name)),
                "Float" => Val::Float(self.pick(NUMBERS).to_owned()),
                "Boolean" => Val::Bool(if name == "dryRun" {
                    self.chance(0.6)
                } else {
                    self.chance(0.5)
                }),
                "ID" => Val::Str(self.id(name, field)),
                "Date" => Val::Str(self.date()),
                "DateTime" => Val::Str(self.date_time()),
                "Decimal" => self.decimal(),
                _ => Val::Str(self.hostile_string()),
            },
        }
    }

    pub(super) fn input_object(&mut self, def: &TypeDef, depth: usize) -> Val {
        let mut fields = Vec::new();
        for input in &def.input_fields {
            let include = if input.required() {
                !self.invalid(0.03)
            } else {
                depth < 3 && self.chance(0.45)
            };
            if include {
                let value = self.value(&input.ty, &input.name, "", depth + 1);
                fields.push((input.name.clone(), value));
            }
        }
        self.harmonize(&mut fields);
        if self.invalid(0.04) {
            fields.push(("unknownField".to_owned(), Val::Str("surprise".to_owned())));
        }
        Val::Obj(fields)
    }

    /// Makes related fields agree most of the time (a term of five years, a congress held in
    /// its first year), so that more inputs pass validation and reach the writes.
    pub(super) fn harmonize(&mut self, fields: &mut [(String, Val)]) {
        let int_of = |fields: &[(String, Val)], name: &str| {
            fields
                .iter()
                .find(|(field, _)| field == name)
                .and_then(|(_, value)| value.as_int())
        };
        for (start_name, end_name) in [("termStartYear", "termEndYear"), ("startYear", "endYear")] {
            let Some(start) = int_of(fields, start_name).filter(|year| (1900..=2100).contains(year)) else {
                continue;
            };
            if self.chance(0.75) {
                for (field, value) in fields.iter_mut() {
                    if field == end_name {
                        *value = Val::Int((start + 5).to_string());
                    }
                }
            }
            if self.chance(0.7) {
                let month = self.rng.random_range(1..=9);
                for (field, value) in fields.iter_mut() {
                    match field.as_str() {
                        "openedOn" => *value = Val::Str(format!("{start}-{month:02}-10")),
                        "closedOn" => *value = Val::Str(format!("{start}-{month:02}-11")),
                        _ => {}
                    }
                }
            }
        }
        if let Some(year) = int_of(fields, "year").filter(|year| (1900..=2100).contains(year))
            && self.chance(0.6)
        {
            let from = year - self.rng.random_range(0..3);
            for (field, value) in fields.iter_mut() {
                if field == "yearFrom" {
                    *value = Val::Int(from.to_string());
                }
            }
        }
    }

    // --- documents ---

    pub(super) fn arguments(&mut self, field: &Field, variables: &mut Variables) -> String {
        let mut parts = Vec::new();
        for arg in &field.args {
            let include = if arg.required() {
                !self.invalid(0.03)
            } else if arg.name == "dryRun" {
                self.chance(0.9)
            } else {
                self.chance(0.45)
            };
            if !include {
                continue;
            }
            let value = self.value(&arg.ty, &arg.name, &field.name, 0);
            if self.chance(0.4) {
                let name = format!("v{}", variables.declarations.len());
                let declared = if self.invalid(0.03) {
                    self.pick(&["String", "Int!", "[ID]", "Boolean", "NoSuchType"])
                        .to_owned()
                } else {
                    arg.ty.sdl()
                };
                variables.declarations.push(format!("${name}: {declared}"));
                variables
                    .values
                    .push(format!("{}:{}", json_string(&name), value.json()));
                parts.push(format!("{}: ${name}", arg.name));
            } else {
                parts.push(format!("{}: {}", arg.name, value.literal()));
            }
        }
        if self.invalid(0.01) {
            parts.push("notAnArgument: 1".to_owned());
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("({})", parts.join(", "))
        }
    }

    pub(super) fn selection(&mut self, type_name: &str, depth: usize, variables: &mut Variables) -> String {
        let schema = Rc::clone(&self.schema);
        let def = schema.def(type_name);
        match def.kind.as_str() {
            "OBJECT" => self.object_selection(def, depth, variables),
            "INTERFACE" | "UNION" => {
                let mut parts = vec!["__typename".to_owned()];
                if !def.fields.is_empty() && self.chance(0.5) {
                    parts.push(self.object_selection(def, depth, variables));
                }
                let count = self.rng.random_range(1..=2);
                for _ in 0..count {
                    let possible = if self.invalid(0.03) {
                        "ReportSummary".to_owned()
                    } else {
                        self.pick(&def.possible_types)
                    };
                    let inner = self.object_selection(schema.def(&possible), depth, variables);
                    parts.push(format!("... on {possible} {{ {inner} }}"));
                }
                parts.join(" ")
            }
            _ => String::new(),
        }
    }

    pub(super) fn object_selection(&mut self, def: &TypeDef, depth: usize, variables: &mut Variables) -> String {
        let mut parts = Vec::new();
        if def.fields.iter().any(|field| field.name == "id") && self.chance(0.8) {
            parts.push("id".to_owned());
        }
        let count = self.rng.random_range(1..=4).min(def.fields.len());
        let chosen: Vec<Field> = def.fields.iter().cloned().choose_multiple(&mut self.rng, count);
        for field in chosen {
            let leaf = self.schema.is_leaf(field.ty.name());
            if !leaf && depth >= MAX_DEPTH {
                continue;
            }
            let alias = if self.chance(0.05) {
                self.aliases += 1;
                format!("alias{}: ", self.aliases)
            } else {
                String::new()
            };
            let args = self.arguments(&field, variables);
            if leaf {
                parts.push(format!("{alias}{}{args}", field.name));
            } else {
                let inner = self.selection(field.ty.name(), depth + 1, variables);
                parts.push(format!("{alias}{}{args} {{ {inner} }}", field.name));
            }
        }
        if parts.is_empty() || self.chance(0.05) {
            parts.push("__typename".to_owned());
        }
        parts.join(" ")
    }

    /// One operation: a document and its variables as JSON text.
    pub(super) fn operation(&mut self, mutation: bool) -> (String, String) {
        let schema = Rc::clone(&self.schema);
        let root = schema.def(if mutation { &schema.mutation } else { &schema.query });
        let fields: Vec<&Field> = root.fields.iter().filter(|f| !f.name.starts_with("__")).collect();
        let count = if mutation {
            if self.chance(0.1) { 2 } else { 1 }
        } else {
            self.rng.random_range(1..=3)
        };
        let mut variables = Variables::default();
        let mut body = Vec::new();
        for index in 0..count {
            // The writes with the most rules get more turns than the others.
            let favourite = match self.rng.random_range(0..10) {
                0..3 if mutation => fields.iter().find(|f| f.name == "submitCongressResult"),
                3 if mutation => fields.iter().find(|f| f.name == "recordTargetResults"),
                _ => None,
            };
            let field = match favourite {
                Some(field) => (*field).clone(),
                None => (*fields.choose(&mut self.rng).expect("root fields")).clone(),
            };
            let alias = if index > 0 {
                format!("f{index}: ")
            } else {
                String::new()
            };
            if mutation && field.name == "submitCongressResult" && self.chance(0.6) {
                body.push(self.congress_result_from_template(&alias, &mut variables));
                continue;
            }
            let args = self.arguments(&field, &mut variables);
            if schema.is_leaf(field.ty.name()) {
                body.push(format!("{alias}{}{args}", field.name));
            } else {
                let inner = self.selection(field.ty.name(), 2, &mut variables);
                body.push(format!("{alias}{}{args} {{ {inner} }}", field.name));
            }
        }
        let keyword = if mutation { "mutation" } else { "query" };
        let header = if variables.declarations.is_empty() {
            String::new()
        } else {
            format!("({})", variables.declarations.join(", "))
        };
        let document = if !mutation && header.is_empty() && self.chance(0.3) {
            format!("{{ {} }}", body.join(" "))
        } else {
            format!("{keyword} Fuzz{header} {{ {} }}", body.join(" "))
        };
        (document, format!("{{{}}}", variables.values.join(",")))
    }

    /// A complete, valid congress result for a real organization, with a few leaves changed, so
    /// that the deepest write path runs with near-valid input.
    pub(super) fn congress_result_from_template(&mut self, alias: &str, variables: &mut Variables) -> String {
        let organization = self.known_id(Some("Organization")).unwrap_or_default();
        let ordinal = self.rng.random_range(1..=30);
        let start = self.rng.random_range(2000..=2025);
        let template = json!({
            "organizationId": organization,
            "ordinal": ordinal, "termStartYear": start, "termEndYear": start + 5, "kind": "DELEGATES",
            "openedOn": format!("{start}-06-10"), "closedOn": format!("{start}-06-11"), "delegateCount": 150,
            "motto": "Đoàn kết - Dân chủ - Kỷ cương - Đổi mới - Phát triển",
            "committees": [
                { "kind": "EXECUTIVE", "formation": "ELECTED_BY_CONGRESS", "seatCount": 5, "members": [
                    { "fullName": "Lê Văn Bình", "position": "SECRETARY" },
                    { "fullName": "Trần Thị Hạnh", "position": "STANDING_DEPUTY_SECRETARY" },
                    { "fullName": "đồng chí Phạm Minh Đức", "position": "MEMBER" } ] },
                { "kind": "STANDING", "formation": "ELECTED_BY_PLENUM", "seatCount": 3, "members": [
                    { "fullName": "Lê Văn Bình", "position": "SECRETARY" } ] }
            ],
            "resolution": {
                "title": "Nghị quyết Đại hội", "declaredTargetCount": 2, "symbol": "01-NQ/ĐH",
                "targets": [
                    { "text": "Kết nạp từ 6-8 đảng viên mới mỗi năm", "measure": "COUNT", "comparator": "RANGE",
                      "minValue": 6, "maxValue": "8", "period": "ANNUAL" },
                    { "text": "100% chi bộ hoàn thành tốt nhiệm vụ trở lên", "measure": "PERCENT",
                      "comparator": "AT_LEAST", "minValue": "100", "period": "ANNUAL",
                      "children": [ { "text": "trong đó 20% hoàn thành xuất sắc", "measure": "PERCENT",
                                      "comparator": "AT_LEAST", "minValue": "20" } ] }
                ]
            },
            "source": { "title": "Báo cáo kết quả Đại hội", "publishedOn": format!("{start}-06-12") }
        });
        let input = if self.dirty {
            self.mutate_json(template, 0.06)
        } else {
            template
        };
        let name = format!("v{}", variables.declarations.len());
        variables.declarations.push(format!("${name}: CongressResultInput!"));
        variables.values.push(format!("{}:{input}", json_string(&name)));
        let dry_run = if self.chance(0.6) { "true" } else { "false" };
        format!(
            "{alias}submitCongressResult(input: ${name}, dryRun: {dry_run}) {{ dryRun replayed warnings {{ rule path message }} congress {{ id ordinalRoman term committees {{ kind members {{ position person {{ id fullName }} }} }} resolution {{ targets {{ id minValue maxValue children {{ text }} }} }} }} }}"
        )
    }

    /// A random request: a query or a mutation, over POST (sometimes GET, sometimes batched),
    /// with or without a token.
    pub(super) fn request(&mut self, admin: &str) -> Planned {
        self.dirty = self.chance(0.35);
        let mutation = self.chance(0.35);
        if !mutation && self.chance(0.05) {
            let batch: Vec<String> = (0..self.rng.random_range(2..=4))
                .map(|_| {
                    let (document, variables) = self.operation(false);
                    format!("{{\"query\":{},\"variables\":{variables}}}", json_string(&document))
                })
                .collect();
            return Planned::post(format!("[{}]", batch.join(",")), true).header("accept", "application/json");
        }
        let (document, variables) = self.operation(mutation);
        let with_admin = if mutation { 90 } else { 60 };
        let token = match self.rng.random_range(0..100) {
            0..3 => Some("not-a-token".to_owned()),
            roll if roll < with_admin => Some(admin.to_owned()),
            _ => None,
        };
        let accept = self.pick(&[
            Some("application/json"),
            Some("application/json"),
            Some("application/graphql-response+json"),
            Some("*/*"),
            None,
        ]);
        // GET only for what fits in a URL (the test's HTTP types refuse URIs over 64 KiB).
        let via_get = self.chance(if mutation { 0.03 } else { 0.1 }) && document.len() + variables.len() < 6_000;
        let mut planned = if via_get {
            let mut uri = format!("/graphql?query={}", percent_encode(&document));
            if variables != "{}" {
                uri.push_str(&format!("&variables={}", percent_encode(&variables)));
            }
            Planned {
                method: "GET",
                uri,
                headers: Vec::new(),
                body: Vec::new(),
                graphql: !mutation,
            }
        } else {
            let operation_name = match self.rng.random_range(0..20) {
                0 => ",\"operationName\":\"NotThere\"",
                1 => ",\"operationName\":null",
                2..8 => ",\"operationName\":\"Fuzz\"",
                _ => "",
            };
            let variables = if self.invalid(0.03) {
                "null".to_owned()
            } else {
                variables
            };
            Planned::post(
                format!(
                    "{{\"query\":{},\"variables\":{variables}{operation_name}}}",
                    json_string(&document)
                ),
                true,
            )
        };
        if let Some(accept) = accept {
            planned = planned.header("accept", accept);
        }
        if let Some(token) = token {
            let scheme = if self.chance(0.97) { "Bearer" } else { "Basic" };
            planned = planned.header("authorization", format!("{scheme} {token}"));
        }
        planned
    }
}

/// The node type an ID argument names, from its name ("congressId", "parentId") or its field
/// ("organization(id:)"); None for `node(id:)` and other IDs of any type.
pub(super) fn expected_node_type(arg: &str, field: &str) -> Option<&'static str> {
    let base = arg
        .strip_suffix("Ids")
        .or_else(|| arg.strip_suffix("Id"))
        .unwrap_or(arg);
    let base = match base {
        "id" | "ids" => field,
        "parent" | "predecessor" | "successor" => "organization",
        other if other.to_ascii_lowercase().contains("organization") => "organization",
        other => other,
    };
    NODE_TYPES
        .iter()
        .map(|node_type| node_type.name())
        .find(|name| name.eq_ignore_ascii_case(base))
}

/// The list a cursor belongs to ("organizations|{...}" in base64).
pub(super) fn cursor_list(cursor: &str) -> Option<String> {
    let text = String::from_utf8(base64_decode(cursor)?).ok()?;
    text.split_once('|').map(|(list, _)| list.to_owned())
}
