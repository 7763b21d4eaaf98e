//! The pipeline as the WebSocket protocol's executor: async-graphql-axum hands every operation a
//! client starts over `/graphql/ws` to [`SocketExecutor::execute_stream`]. Queries and mutations
//! take the same path as over HTTP, time limit included; subscriptions pass the same checks and
//! then stream, at most [`MAX_SUBSCRIPTIONS_PER_CONNECTION`] at a time per connection.

use super::{Call, Pipeline, RequestBudget, Transport, add_codes};
use crate::admission::ClientKey;
use crate::graphql::mutation::Caller;
use async_graphql::parser::types::OperationType;
use async_graphql::{Data, Executor, Request, Response};
use futures::StreamExt;
use futures::stream::BoxStream;
use std::any::TypeId;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Subscriptions one connection may hold open at once.
pub const MAX_SUBSCRIPTIONS_PER_CONNECTION: usize = 100;

/// One WebSocket connection: who opened it (from `connection_init`) and what it holds open.
pub struct SocketSession {
    pub caller: Caller,
    pub client: ClientKey,
    subscriptions: Arc<AtomicUsize>,
}

impl SocketSession {
    pub fn new(caller: Caller, client: ClientKey) -> Self {
        Self {
            caller,
            client,
            subscriptions: Arc::default(),
        }
    }

    /// The session a connection's init stored in its data.
    fn of(data: Option<&Arc<Data>>) -> Option<Arc<SocketSession>> {
        data?
            .get(&TypeId::of::<Arc<SocketSession>>())?
            .downcast_ref::<Arc<SocketSession>>()
            .cloned()
    }
}

/// Gives a subscription's place back when its stream ends or the client stops it.
struct SubscriptionSlot(Arc<AtomicUsize>);

impl Drop for SubscriptionSlot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The executor of one WebSocket connection.
#[derive(Clone)]
pub struct SocketExecutor {
    pipeline: Pipeline,
    /// The client's address, known from the upgrade request.
    client: ClientKey,
    /// The language of messages, from the upgrade request's `Accept-Language`.
    language: crate::i18n::Language,
}

impl SocketExecutor {
    pub fn new(pipeline: Pipeline, client: ClientKey, language: crate::i18n::Language) -> Self {
        Self {
            pipeline,
            client,
            language,
        }
    }

    fn call(&self, session: Option<&SocketSession>) -> Call {
        let (caller, client) = match session {
            Some(session) => (session.caller.clone(), session.client.clone()),
            None => (Caller::Anonymous, self.client.clone()),
        };
        Call {
            caller,
            client,
            transport: Transport::WebSocket,
            request_id: uuid::Uuid::new_v4().simple().to_string(),
            budget: Arc::new(RequestBudget::new(self.pipeline.limits())),
            permits: Arc::default(),
            language: self.language,
        }
    }
}

impl Executor for SocketExecutor {
    async fn execute(&self, request: Request) -> Response {
        let call = self.call(None);
        self.pipeline.execute(request, &call).await
    }

    fn execute_stream(&self, request: Request, session_data: Option<Arc<Data>>) -> BoxStream<'static, Response> {
        let session = SocketSession::of(session_data.as_ref());
        let call = self.call(session.as_deref());
        let pipeline = self.pipeline.clone();
        let mut request = request;
        futures::stream::once(async move {
            // A persisted query's document is known only once its hash is looked up.
            if let Err(error) = pipeline.resolve(&mut request, &call.caller).await {
                let response = pipeline.refused(error, call.language);
                return futures::stream::once(async move { response }).boxed();
            }
            if pipeline.operation_type(&request) != Some(OperationType::Subscription) {
                return futures::stream::once(async move {
                    let response = pipeline.execute(request, &call).await;
                    // The answer is complete: report permits go back now.
                    drop(call);
                    response
                })
                .boxed();
            }
            let session =
                session.unwrap_or_else(|| Arc::new(SocketSession::new(Caller::Anonymous, call.client.clone())));
            pipeline.subscribe(request, call, &session, session_data.unwrap_or_default())
        })
        .flatten()
        .boxed()
    }
}

impl Pipeline {
    /// Starts a subscription after the same checks every operation passes.
    fn subscribe(
        &self,
        mut request: Request,
        call: Call,
        session: &SocketSession,
        session_data: Arc<Data>,
    ) -> BoxStream<'static, Response> {
        let language = call.language;
        let refuse = |error| {
            let mut response = Response::from_errors(vec![error]);
            add_codes(&mut response, self.limits());
            crate::i18n::localize(&mut response, language);
            futures::stream::once(async move { response }).boxed()
        };
        let admitted = match self.admit(&mut request, &call) {
            Ok(admitted) => admitted,
            Err(error) => return refuse(error),
        };
        let open = session.subscriptions.fetch_add(1, Ordering::AcqRel);
        let slot = SubscriptionSlot(session.subscriptions.clone());
        if open >= MAX_SUBSCRIPTIONS_PER_CONNECTION {
            return refuse(super::limits::too_complex(format!(
                "a connection may hold at most {MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions; stop one or open another connection"
            )));
        }
        request.set_parsed_query(admitted.parsed.document.clone());
        let operation_name = request.operation_name.clone();
        let request = self.with_request_data(request, &call, OperationType::Subscription);
        let limits = self.limits().clone();
        let parsed = admitted.parsed;
        self.schema()
            .execute_stream_with_session_data(request, session_data)
            .map(move |mut response| {
                // The slot lives as long as the stream.
                let _slot = &slot;
                crate::graphql::order::reorder_response(&mut response, &parsed.document, operation_name.as_deref());
                add_codes(&mut response, &limits);
                crate::i18n::localize(&mut response, language);
                response
            })
            .boxed()
    }
}
