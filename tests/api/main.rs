//! Integration tests: the real server on 127.0.0.1:0 with a temporary data dir, over gRPC.

mod accounts;
mod alerts;
mod assets;
mod backup;
mod contracts;
mod corrections;
mod crash;
mod disclosures;
mod durability;
mod exports;
mod fuzz;
mod helpers;
mod hostile;
mod listings;
mod model;
mod organizations;
mod parcels;
mod periods;
mod properties;
mod reads;
mod reports;
mod security;
mod server;
mod statements;
mod tls;
mod vouchers;
