//! `sanzi.v1.UserService`.

use tonic::{Request, Response, Status};

use super::{mutate, mutate_redacted, parse_id, pb, query};
use crate::app::users::TokenRecord;
use crate::app::{App, page, sessions, users};
use crate::domain::date::{format_timestamp, now_ms};
use crate::domain::user::{Role, User, UserInput};
use crate::domain::{DomainError, Violations};

pub struct UserApi {
    pub app: App,
}

pub fn role_to_pb(r: Role) -> pb::Role {
    match r {
        Role::Admin => pb::Role::Admin,
        Role::Clerk => pb::Role::Clerk,
        Role::Supervisor => pb::Role::Supervisor,
        Role::Village => pb::Role::Village,
        Role::Partner => pb::Role::Partner,
        Role::System => pb::Role::Unspecified,
    }
}

pub fn user_to_pb(u: &User) -> pb::User {
    pb::User {
        id: u.id.to_string(),
        name: u.name.clone(),
        display_name: u.display_name.clone(),
        role: role_to_pb(u.role) as i32,
        scopes: u.scopes.iter().map(|s| s.as_str().to_string()).collect(),
        organization_id: u.org.map(|o| o.to_string()).unwrap_or_default(),
        active: u.active,
        create_time: format_timestamp(u.created_ms),
    }
}

pub fn token_to_pb(t: &TokenRecord) -> pb::Token {
    let id = |b: &[u8]| {
        uuid::Uuid::from_slice(b)
            .map(|u| u.to_string())
            .unwrap_or_default()
    };
    pb::Token {
        id: id(&t.id),
        user_id: id(&t.user_id),
        label: t.label.clone(),
        create_time: format_timestamp(t.created_ms),
        expire_time: format_timestamp(t.expires_ms),
        revoke_time: format_timestamp(t.revoked_ms),
        session: t.idle_ms > 0,
        last_use_time: String::new(),
    }
}

fn user_input(u: &pb::User) -> Result<UserInput, DomainError> {
    let mut v = Violations::default();
    let role = match pb::Role::try_from(u.role) {
        Ok(pb::Role::Admin) => Some(Role::Admin),
        Ok(pb::Role::Clerk) => Some(Role::Clerk),
        Ok(pb::Role::Supervisor) => Some(Role::Supervisor),
        Ok(pb::Role::Village) => Some(Role::Village),
        Ok(pb::Role::Partner) => Some(Role::Partner),
        Ok(pb::Role::Unspecified) => None,
        Err(_) => {
            v.add("user.role", "INVALID_ROLE", "unknown role");
            None
        }
    };
    let org = if u.organization_id.trim().is_empty() {
        None
    } else {
        parse_id("user.organization_id", &u.organization_id)
            .map_err(|e| v.extend_from(e))
            .ok()
    };
    v.finish()?;
    Ok(UserInput {
        name: u.name.clone(),
        display_name: u.display_name.clone(),
        role,
        scopes: u.scopes.clone(),
        org,
    })
}

#[tonic::async_trait]
impl pb::user_service_server::UserService for UserApi {
    async fn create_user(
        &self,
        request: Request<pb::CreateUserRequest>,
    ) -> Result<Response<pb::User>, Status> {
        mutate(&self.app, "CreateUser", request, |txn, p, req| {
            crate::app::auth::require(p, crate::domain::user::Action::ManageUsers)?;
            let Some(u) = req.user.as_ref() else {
                return Err(
                    DomainError::invalid("user", "FIELD_REQUIRED", "the user to create").into(),
                );
            };
            Ok(user_to_pb(&users::create(
                txn,
                p,
                &user_input(u)?,
                now_ms(),
            )?))
        })
        .await
    }

    async fn list_users(
        &self,
        request: Request<pb::ListUsersRequest>,
    ) -> Result<Response<pb::ListUsersResponse>, Status> {
        query(&self.app, "ListUsers", request, |r, p, req, pages| {
            crate::app::auth::require(p, crate::domain::user::Action::ManageUsers)?;
            let size = page::page_size(req.page_size)?;
            let same = pb::ListUsersRequest {
                page_size: 0,
                page_token: String::new(),
            };
            let after = pages.after(&same, &req.page_token)?;
            let (list, next) = users::list(r, p, size, after)?;
            Ok(pb::ListUsersResponse {
                users: list.iter().map(user_to_pb).collect(),
                next_page_token: pages.token(&same, next),
            })
        })
        .await
    }

    async fn issue_token(
        &self,
        request: Request<pb::IssueTokenRequest>,
    ) -> Result<Response<pb::IssueTokenResponse>, Status> {
        let redact: fn(&mut pb::IssueTokenResponse) = |r| r.secret.clear();
        mutate_redacted(&self.app, "IssueToken", request, redact, |txn, p, req| {
            crate::app::auth::require(p, crate::domain::user::Action::ManageUsers)?;
            let user_id = parse_id("user_id", &req.user_id)?;
            let (token, secret) =
                users::issue_token(txn, p, user_id, req.valid_days, &req.label, now_ms())?;
            Ok(pb::IssueTokenResponse {
                token: Some(token_to_pb(&token)),
                secret,
            })
        })
        .await
    }

    async fn revoke_token(
        &self,
        request: Request<pb::RevokeTokenRequest>,
    ) -> Result<Response<pb::Token>, Status> {
        mutate(&self.app, "RevokeToken", request, |txn, p, req| {
            crate::app::auth::require(p, crate::domain::user::Action::ManageUsers)?;
            let id = parse_id("token_id", &req.token_id)?;
            Ok(token_to_pb(&users::revoke_token(txn, p, id, now_ms())?))
        })
        .await
    }

    async fn list_tokens(
        &self,
        request: Request<pb::ListTokensRequest>,
    ) -> Result<Response<pb::ListTokensResponse>, Status> {
        let door = self.app.door().clone();
        query(&self.app, "ListTokens", request, move |r, p, req, _| {
            crate::app::auth::require(p, crate::domain::user::Action::ManageUsers)?;
            let id = parse_id("user_id", &req.user_id)?;
            Ok(pb::ListTokensResponse {
                tokens: users::list_tokens(r, p, id)?
                    .iter()
                    .map(|(hash, t)| {
                        let mut out = token_to_pb(t);
                        if t.idle_ms > 0 {
                            out.last_use_time = format_timestamp(door.last_use(hash, t));
                        }
                        out
                    })
                    .collect(),
            })
        })
        .await
    }

    async fn set_initial_password(
        &self,
        request: Request<pb::SetInitialPasswordRequest>,
    ) -> Result<Response<pb::SetInitialPasswordResponse>, Status> {
        // Hashing is slow on purpose, so it happens here, before the writer (only its result goes
        // in), and only for a caller who may set passwords at all.
        let caller = super::bearer(&request).and_then(|token| {
            self.app
                .authenticate(&token, now_ms())
                .map_err(super::status)
        })?;
        crate::app::auth::require(&caller, crate::domain::user::Action::ManageUsers)
            .map_err(super::domain_status)?;
        let typed = request.get_ref().password.clone();
        let (password, generated) = if typed.is_empty() {
            let code = sessions::activation_code().map_err(super::status)?;
            (code.clone(), code)
        } else {
            sessions::check_initial_password(&typed).map_err(super::domain_status)?;
            (typed, String::new())
        };
        let phc = sessions::hash(&self.app, password)
            .await
            .map_err(super::status)?;
        let (meta, ext, mut req) = request.into_parts();
        req.password.clear();
        let request = Request::from_parts(meta, ext, req);
        let redact: fn(&mut pb::SetInitialPasswordResponse) = |r| r.activation_code.clear();
        mutate_redacted(
            &self.app,
            "SetInitialPassword",
            request,
            redact,
            move |txn, p, req| {
                let user_id = parse_id("user_id", &req.user_id)?;
                let user = sessions::set_initial_password(txn, p, user_id, phc, now_ms())?;
                Ok(pb::SetInitialPasswordResponse {
                    user: Some(user_to_pb(&user)),
                    activation_code: generated,
                })
            },
        )
        .await
    }
}

/// `sanzi.v1.SessionService`: the door for people.
pub struct SessionApi {
    pub app: App,
}

/// The caller's IP address, without its port (empty when the transport does not say).
fn address<M>(request: &Request<M>) -> String {
    request
        .remote_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_default()
}

#[tonic::async_trait]
impl pb::session_service_server::SessionService for SessionApi {
    async fn login(
        &self,
        request: Request<pb::LoginRequest>,
    ) -> Result<Response<pb::LoginResponse>, Status> {
        let address = address(&request);
        let req = request.into_inner();
        let app = self.app.clone();
        super::logged(app.metrics().clone(), "Login", "", async move {
            let input = sessions::LoginInput {
                name: req.name,
                password: req.password,
                new_password: req.new_password,
                address,
            };
            let session = sessions::login(&app, input, now_ms())
                .await
                .map_err(super::status)?;
            Ok(Response::new(pb::LoginResponse {
                token: Some(token_to_pb(&session.token)),
                secret: session.secret,
                user: Some(user_to_pb(&session.user)),
            }))
        })
        .await
    }

    async fn get_current_user(
        &self,
        request: Request<pb::GetCurrentUserRequest>,
    ) -> Result<Response<pb::User>, Status> {
        query(&self.app, "GetCurrentUser", request, |r, p, _, _| {
            Ok(user_to_pb(&users::me(r, p)?))
        })
        .await
    }

    async fn logout(
        &self,
        request: Request<pb::LogoutRequest>,
    ) -> Result<Response<pb::LogoutResponse>, Status> {
        let address = address(&request);
        let token = super::bearer(&request);
        let app = self.app.clone();
        super::logged(app.metrics().clone(), "Logout", "", async move {
            sessions::logout(&app, token?, address, now_ms())
                .await
                .map_err(super::status)?;
            Ok(Response::new(pb::LogoutResponse {}))
        })
        .await
    }
}
