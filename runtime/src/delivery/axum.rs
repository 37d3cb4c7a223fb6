//! The `axum` side of [`Receiver`]: an extractor of verified, parsed
//! deliveries, and [`DeliveryError`] as a response.

use std::sync::Arc;

use axum::body::HttpBody as _;
use axum::extract::{FromRef, FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::body::check_size;
use super::headers::DeliveryHeaders;
use super::receiver::{DeliveryError, Receiver};
use crate::ParseEvent;

/// An `axum` extractor of a verified delivery parsed as `E` (a generated
/// `Event`). The state provides the receiver (`Arc<Receiver>: FromRef<S>`);
/// rejections are [`DeliveryError`]s, which answer with their status (400,
/// 401, 413 or 415).
///
/// The body is read up to the receiver's cap: a `Content-Length` over it is
/// refused before any of the body is read, and so is a body that grows past
/// it.
#[derive(Debug, Clone)]
pub struct Delivery<E> {
    pub headers: DeliveryHeaders,
    pub event: E,
}

impl<S, E> FromRequest<S> for Delivery<E>
where
    S: Send + Sync,
    Arc<Receiver>: FromRef<S>,
    E: ParseEvent + Send,
{
    type Rejection = DeliveryError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let receiver: Arc<Receiver> = FromRef::from_ref(state);
        let max = receiver.max_body_len();
        let (parts, mut body) = req.into_parts();
        let announced = parts
            .headers
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<usize>().ok());
        if let Some(len) = announced {
            check_size(len, max)?;
        }
        let mut bytes = Vec::new();
        while let Some(frame) =
            std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx)).await
        {
            let frame = frame.map_err(|err| DeliveryError::Parse(Box::new(err)))?;
            if let Ok(data) = frame.into_data() {
                check_size(bytes.len().saturating_add(data.len()), max)?;
                bytes.extend_from_slice(&data);
            }
        }
        let (headers, event) = receiver.receive_event(&parts.headers, &bytes)?;
        Ok(Delivery { headers, event })
    }
}

impl IntoResponse for DeliveryError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        // Receiver-side faults are for the operator's logs, not the sender.
        let message = if status.is_server_error() {
            "webhook receiver misconfigured".to_owned()
        } else {
            self.to_string()
        };
        (status, message).into_response()
    }
}
