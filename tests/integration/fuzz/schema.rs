//! The schema as introspection describes it: types, fields and arguments the generator draws from.

use super::*;

pub(super) const INTROSPECTION: &str = r#"
query Introspection {
  __schema {
    queryType { name }
    mutationType { name }
    types {
      kind name
      fields(includeDeprecated: true) { name args { name defaultValue type { ...TypeRef } } type { ...TypeRef } }
      inputFields { name defaultValue type { ...TypeRef } }
      enumValues(includeDeprecated: true) { name }
      possibleTypes { name }
    }
  }
}
fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }"#;

#[derive(Clone, Debug)]
pub(super) enum Ty {
    Named(String),
    List(Box<Ty>),
    NonNull(Box<Ty>),
}

impl Ty {
    pub(super) fn parse(value: &Value) -> Self {
        match value["kind"].as_str() {
            Some("NON_NULL") => Self::NonNull(Box::new(Self::parse(&value["ofType"]))),
            Some("LIST") => Self::List(Box::new(Self::parse(&value["ofType"]))),
            _ => Self::Named(value["name"].as_str().unwrap_or_default().to_owned()),
        }
    }

    pub(super) fn name(&self) -> &str {
        match self {
            Self::Named(name) => name,
            Self::List(inner) | Self::NonNull(inner) => inner.name(),
        }
    }

    pub(super) fn is_non_null(&self) -> bool {
        matches!(self, Self::NonNull(_))
    }

    pub(super) fn sdl(&self) -> String {
        match self {
            Self::Named(name) => name.clone(),
            Self::List(inner) => format!("[{}]", inner.sdl()),
            Self::NonNull(inner) => format!("{}!", inner.sdl()),
        }
    }
}

#[derive(Clone, Debug)]
pub(super) struct InputValue {
    pub(super) name: String,
    pub(super) ty: Ty,
    pub(super) has_default: bool,
}

impl InputValue {
    pub(super) fn parse(value: &Value) -> Self {
        Self {
            name: value["name"].as_str().unwrap_or_default().to_owned(),
            ty: Ty::parse(&value["type"]),
            has_default: !value["defaultValue"].is_null(),
        }
    }

    /// Whether leaving it out is an error.
    pub(super) fn required(&self) -> bool {
        self.ty.is_non_null() && !self.has_default
    }
}

#[derive(Clone, Debug)]
pub(super) struct Field {
    pub(super) name: String,
    pub(super) args: Vec<InputValue>,
    pub(super) ty: Ty,
}

#[derive(Clone, Debug, Default)]
pub(super) struct TypeDef {
    pub(super) kind: String,
    pub(super) fields: Vec<Field>,
    pub(super) input_fields: Vec<InputValue>,
    pub(super) enum_values: Vec<String>,
    pub(super) possible_types: Vec<String>,
}

#[derive(Debug)]
pub(super) struct Schema {
    pub(super) types: BTreeMap<String, TypeDef>,
    pub(super) query: String,
    pub(super) mutation: String,
}

impl Schema {
    pub(super) fn parse(data: &Value) -> Self {
        let list = |value: &Value| value.as_array().cloned().unwrap_or_default();
        let mut types = BTreeMap::new();
        for ty in list(&data["__schema"]["types"]) {
            let name = ty["name"].as_str().unwrap_or_default().to_owned();
            let def = TypeDef {
                kind: ty["kind"].as_str().unwrap_or_default().to_owned(),
                fields: list(&ty["fields"])
                    .iter()
                    .map(|field| Field {
                        name: field["name"].as_str().unwrap_or_default().to_owned(),
                        args: list(&field["args"]).iter().map(InputValue::parse).collect(),
                        ty: Ty::parse(&field["type"]),
                    })
                    .collect(),
                input_fields: list(&ty["inputFields"]).iter().map(InputValue::parse).collect(),
                enum_values: list(&ty["enumValues"])
                    .iter()
                    .filter_map(|value| value["name"].as_str().map(str::to_owned))
                    .collect(),
                possible_types: list(&ty["possibleTypes"])
                    .iter()
                    .filter_map(|value| value["name"].as_str().map(str::to_owned))
                    .collect(),
            };
            types.insert(name, def);
        }
        Self {
            types,
            query: data["__schema"]["queryType"]["name"]
                .as_str()
                .unwrap_or("Query")
                .to_owned(),
            mutation: data["__schema"]["mutationType"]["name"]
                .as_str()
                .unwrap_or("Mutation")
                .to_owned(),
        }
    }

    pub(super) fn def(&self, name: &str) -> &TypeDef {
        self.types
            .get(name)
            .unwrap_or_else(|| panic!("introspection lists no type {name}"))
    }

    pub(super) fn is_leaf(&self, name: &str) -> bool {
        self.types
            .get(name)
            .is_none_or(|def| def.kind == "SCALAR" || def.kind == "ENUM")
    }
}
