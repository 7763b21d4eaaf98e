//! Logs and traces: the process's `tracing` subscriber, and, when an OpenTelemetry collector is
//! configured, the export of its spans over OTLP/HTTP.
//!
//! The export follows the OpenTelemetry SDK's own environment variables, so operators configure it
//! as they configure every other service: `OTEL_EXPORTER_OTLP_ENDPOINT` (or
//! `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) turns it on, `OTEL_EXPORTER_OTLP_HEADERS`,
//! `OTEL_SERVICE_NAME` (default `congress-api`), `OTEL_RESOURCE_ATTRIBUTES` and the batch
//! processor's `OTEL_BSP_*` settings are honoured. Without an endpoint nothing is exported, no
//! exporter thread starts, and incoming `traceparent` headers are ignored.
//!
//! What is exported: one server span per HTTP request (named `METHOD /path`, the parent taken
//! from the client's W3C `traceparent`), and below it the spans of the work the request did (the
//! GraphQL pipeline, the planner, each store call and so the SQL it runs), at the level set by
//! `OTEL_TRACES_FILTER` (an `EnvFilter`, default `info,api=debug`), independent of the log level.

use crate::config::LogFormat;
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::trace::SdkTracerProvider;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

const SERVICE_NAME: &str = "congress-api";
const DEFAULT_TRACES_FILTER: &str = "info,api=debug";

/// The exporter, kept until the server stops so that the spans still queued are sent.
#[must_use = "dropping Telemetry without shutdown() can lose the last spans"]
pub struct Telemetry {
    provider: Option<SdkTracerProvider>,
}

impl Telemetry {
    /// Whether spans are being exported.
    pub fn exporting(&self) -> bool {
        self.provider.is_some()
    }

    /// Sends the spans still queued and stops the exporter.
    pub fn shutdown(self) {
        if let Some(provider) = self.provider
            && let Err(error) = provider.shutdown()
        {
            tracing::warn!(%error, "OpenTelemetry exporter did not shut down cleanly");
        }
    }
}

fn configured(name: &str) -> bool {
    std::env::var(name).is_ok_and(|value| !value.trim().is_empty())
}

/// Whether the environment names an OTLP collector for traces.
pub fn export_configured() -> bool {
    configured("OTEL_EXPORTER_OTLP_ENDPOINT") || configured("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
}

/// The tracer provider exporting to the configured collector over OTLP/HTTP (protobuf).
fn provider() -> anyhow::Result<SdkTracerProvider> {
    // The exporter reads the endpoint, headers and timeout from the OTEL_* variables itself.
    let exporter = opentelemetry_otlp::SpanExporter::builder().with_http().build()?;
    let mut resource = opentelemetry_sdk::Resource::builder();
    if !configured("OTEL_SERVICE_NAME") {
        resource = resource.with_service_name(SERVICE_NAME);
    }
    Ok(SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_resource(resource.build())
        .build())
}

/// Sets up logging (and, when configured, span export) once per process. A second call (tests)
/// keeps the first subscriber and exports nothing.
pub fn init(level: &str, format: LogFormat) -> Telemetry {
    let log_filter = EnvFilter::try_new(level).unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt::layer().with_target(false);
    let logs = match format {
        LogFormat::Text => logs.with_filter(log_filter).boxed(),
        LogFormat::Json => logs.json().flatten_event(true).with_filter(log_filter).boxed(),
    };
    let (export, provider) = if export_configured() {
        match provider() {
            Ok(provider) => {
                opentelemetry::global::set_text_map_propagator(
                    opentelemetry_sdk::propagation::TraceContextPropagator::new(),
                );
                let filter = std::env::var("OTEL_TRACES_FILTER")
                    .ok()
                    .and_then(|filter| EnvFilter::try_new(filter).ok())
                    .unwrap_or_else(|| EnvFilter::new(DEFAULT_TRACES_FILTER));
                let layer = tracing_opentelemetry::layer()
                    .with_tracer(provider.tracer(SERVICE_NAME))
                    .with_filter(filter)
                    .boxed();
                (Some(layer), Some(provider))
            }
            Err(error) => {
                eprintln!("OpenTelemetry export is configured but cannot start: {error}");
                (None, None)
            }
        }
    } else {
        (None, None)
    };
    let installed = tracing_subscriber::registry()
        .with(logs)
        .with(export)
        .try_init()
        .is_ok();
    Telemetry {
        provider: provider.filter(|_| installed),
    }
}

/// The span of one HTTP request: a server span named `METHOD /path`, continuing the client's
/// trace when it sent a W3C `traceparent` and export is on.
pub fn request_span(request: &axum::http::Request<axum::body::Body>, request_id: &str) -> tracing::Span {
    use tracing_opentelemetry::OpenTelemetrySpanExt;
    let method = request.method();
    let path = request.uri().path();
    let span = tracing::info_span!(
        "request",
        otel.name = %format_args!("{method} {path}"),
        otel.kind = "server",
        request_id = %request_id,
        method = %method,
        uri = %request.uri(),
    );
    let parent = opentelemetry::global::get_text_map_propagator(|propagator| {
        propagator.extract(&opentelemetry_http::HeaderExtractor(request.headers()))
    });
    // Without a propagator (export off) the context is empty and the span stays a root.
    let _ = span.set_parent(parent);
    span
}
