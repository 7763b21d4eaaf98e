//! A stored record of any type the API reads, so that relations and plans can hold rows of
//! different tables side by side.

use entity::{
    commendation, committee, congress, data_quality_issue, document, membership, organization, organization_lineage,
    organization_placement, organization_stats, person, rating, resolution, review, source, target, target_result,
};

/// A model of one of the API's tables, convertible to and from a [`Record`].
pub trait Stored: Into<Record> + TryFrom<Record, Error = Kind> + Clone + Send + Sync + 'static {
    const KIND: Kind;
}

/// Declares [`Record`], [`Kind`] and the conversions between a record and its model.
macro_rules! records {
    ($($variant:ident($model:path)),+ $(,)?) => {
        /// A row of one of the API's tables.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Record {
            $($variant($model)),+
        }

        /// Which table a [`Record`] comes from.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Kind {
            $($variant),+
        }

        impl Record {
            pub fn kind(&self) -> Kind {
                match self {
                    $(Self::$variant(_) => Kind::$variant),+
                }
            }

            /// The primary key.
            pub fn id(&self) -> i64 {
                match self {
                    $(Self::$variant(model) => model.id),+
                }
            }

            /// A row of `kind`'s table, read by column name.
            pub fn decode(kind: Kind, row: &sea_orm::QueryResult) -> Result<Self, sea_orm::DbErr> {
                Self::decode_prefixed(kind, row, "")
            }

            /// A row of `kind`'s table whose columns are named `{prefix}{column}` (one part of
            /// a statement that reads several tables side by side).
            pub fn decode_prefixed(kind: Kind, row: &sea_orm::QueryResult, prefix: &str) -> Result<Self, sea_orm::DbErr> {
                use sea_orm::FromQueryResult;
                Ok(match kind {
                    $(Kind::$variant => Self::$variant(<$model>::from_query_result(row, prefix)?)),+
                })
            }
        }

        impl Kind {
            /// The table its records are stored in.
            pub fn table(self) -> &'static str {
                match self {
                    $(Self::$variant => crate::store::related::table_of::<<$model as sea_orm::ModelTrait>::Entity>()),+
                }
            }

            /// The columns of its table, as its model reads them.
            pub fn columns(self) -> &'static [&'static str] {
                match self {
                    $(Self::$variant => {
                        static COLUMNS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(
                            crate::store::related::columns_of::<<$model as sea_orm::ModelTrait>::Entity>,
                        );
                        &COLUMNS
                    }),+
                }
            }
        }

        $(
            impl Stored for $model {
                const KIND: Kind = Kind::$variant;
            }

            impl From<$model> for Record {
                fn from(model: $model) -> Self {
                    Self::$variant(model)
                }
            }

            impl TryFrom<Record> for $model {
                type Error = Kind;

                /// The model, or the kind the record really is.
                fn try_from(record: Record) -> Result<Self, Kind> {
                    match record {
                        Record::$variant(model) => Ok(model),
                        other => Err(other.kind()),
                    }
                }
            }

            impl<'a> TryFrom<&'a Record> for &'a $model {
                type Error = Kind;

                fn try_from(record: &'a Record) -> Result<Self, Kind> {
                    match record {
                        Record::$variant(model) => Ok(model),
                        other => Err(other.kind()),
                    }
                }
            }
        )+
    };
}

records!(
    Organization(organization::Model),
    Placement(organization_placement::Model),
    Lineage(organization_lineage::Model),
    OrganizationStats(organization_stats::Model),
    Rating(rating::Model),
    Commendation(commendation::Model),
    Congress(congress::Model),
    Committee(committee::Model),
    Membership(membership::Model),
    Person(person::Model),
    Document(document::Model),
    Resolution(resolution::Model),
    Target(target::Model),
    TargetResult(target_result::Model),
    Review(review::Model),
    Source(source::Model),
    Issue(data_quality_issue::Model),
);
