//! The books' own head, kept outside the engine: the audit trail's sequence and hash after the
//! last group commit, in two small checksummed files in the data directory (`HEAD.a`, `HEAD.b`),
//! written in turn and synced after each commit's flush, so a torn write leaves the other whole.
//!
//! A store whose engine files lost their newest writes (a damaged byte that makes sled recover
//! an older state, an old copy put back) still has a whole, verifying audit chain, only a
//! shorter one: without a record kept elsewhere nothing would notice. Opening compares the two
//! heads and refuses a store that is behind. The store may be ahead of the file by the commit
//! whose head write a crash interrupted; that is not a loss.

use std::fs::File;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::StoreError;

/// An audit sequence and the hash of that record (`(0, [0; 32])` for an empty trail).
pub type Head = (u64, [u8; 32]);

const NAMES: [&str; 2] = ["HEAD.a", "HEAD.b"];
const MAGIC: &[u8; 8] = b"SANZIHD1";
/// Magic, sequence, hash, then the SHA-256 of those 48 bytes.
const LEN: usize = 8 + 8 + 32 + 32;

fn encode((seq, hash): Head) -> [u8; LEN] {
    let mut b = [0u8; LEN];
    b[..8].copy_from_slice(MAGIC);
    b[8..16].copy_from_slice(&seq.to_be_bytes());
    b[16..48].copy_from_slice(&hash);
    let sum = Sha256::digest(&b[..48]);
    b[48..].copy_from_slice(&sum);
    b
}

fn decode(b: &[u8]) -> Option<Head> {
    if b.len() != LEN || &b[..8] != MAGIC || Sha256::digest(&b[..48]).as_slice() != &b[48..] {
        return None;
    }
    let seq = u64::from_be_bytes(b[8..16].try_into().ok()?);
    let hash: [u8; 32] = b[16..48].try_into().ok()?;
    Some((seq, hash))
}

/// The head recorded in `dir`: the newer of the two copies that check. `None` when neither file
/// exists (a store from before this record, or a new one); an error when they exist and neither
/// checks.
pub fn recorded(dir: &Path) -> Result<Option<Head>, StoreError> {
    let mut found = 0;
    let mut best: Option<Head> = None;
    for name in NAMES {
        match std::fs::read(dir.join(name)) {
            // A copy created but never written (an open cut short): as if absent.
            Ok(bytes) if bytes.is_empty() => {}
            Ok(bytes) => {
                found += 1;
                if let Some(h) = decode(&bytes)
                    && best.is_none_or(|b| h.0 > b.0)
                {
                    best = Some(h);
                }
            }
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(StoreError::Io(format!("cannot read {name}: {e}"))),
        }
    }
    if found > 0 && best.is_none() {
        return Err(StoreError::Corrupt(
            "both copies of the recorded head (HEAD.a, HEAD.b) are damaged".into(),
        ));
    }
    Ok(best)
}

/// The two head files, open for the writer.
pub struct HeadFile {
    files: [File; 2],
    next: usize,
}

impl HeadFile {
    /// Writes `current` into both copies, each whole before it takes its name (written to a
    /// temporary file, synced, renamed, the directory synced), and opens them for the writer.
    pub fn create(dir: &Path, current: Head) -> Result<HeadFile, StoreError> {
        let io = |what: &str, path: &Path, e: std::io::Error| {
            StoreError::Io(format!("cannot {what} {}: {e}", path.display()))
        };
        for name in NAMES {
            let tmp: PathBuf = dir.join(format!("{name}.tmp"));
            let path: PathBuf = dir.join(name);
            std::fs::write(&tmp, encode(current)).map_err(|e| io("write", &tmp, e))?;
            File::open(&tmp)
                .and_then(|f| f.sync_all())
                .map_err(|e| io("sync", &tmp, e))?;
            std::fs::rename(&tmp, &path).map_err(|e| io("rename", &tmp, e))?;
        }
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| io("sync", dir, e))?;
        let open = |name: &str| -> Result<File, StoreError> {
            let path: PathBuf = dir.join(name);
            std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(&path)
                .map_err(|e| io("open", &path, e))
        };
        Ok(HeadFile {
            files: [open(NAMES[0])?, open(NAMES[1])?],
            next: 0,
        })
    }

    /// Writes `head` over the older copy and syncs it. The file keeps its size, so this needs no
    /// new space on a full disk.
    pub fn write(&mut self, head: Head) -> Result<(), StoreError> {
        use std::os::unix::fs::FileExt;
        let file = &self.files[self.next];
        file.write_all_at(&encode(head), 0)
            .and_then(|()| file.sync_data())
            .map_err(|e| StoreError::Io(format!("cannot record the head: {e}")))?;
        self.next ^= 1;
        Ok(())
    }
}

/// The data directory's free space, checked before each group commit: below the reserve, the
/// commit is refused before the engine writes anything. sled 0.34.7 keeps the first I/O error it
/// meets (a full disk) and then fails or blocks every later operation, reads and its last flush
/// included; refusing while there is still room keeps reads, verification and shutdown working,
/// and writes resume by themselves once space is freed.
pub struct Disk {
    dir: PathBuf,
    reserve_bytes: u64,
}

impl Disk {
    pub fn new(dir: &Path, reserve_bytes: u64) -> Disk {
        Disk {
            dir: dir.to_owned(),
            reserve_bytes,
        }
    }

    /// Bytes free to an unprivileged writer in the directory's file system.
    fn free_bytes(&self) -> Option<u64> {
        use std::os::unix::ffi::OsStrExt;
        let path = std::ffi::CString::new(self.dir.as_os_str().as_bytes()).ok()?;
        let mut st = std::mem::MaybeUninit::<libc::statvfs>::uninit();
        // SAFETY: `path` is NUL-terminated and `st` is written by statvfs before it is read.
        let rc = unsafe { libc::statvfs(path.as_ptr(), st.as_mut_ptr()) };
        if rc != 0 {
            return None;
        }
        // SAFETY: statvfs returned 0, so it filled `st`.
        let st = unsafe { st.assume_init() };
        // Both are u64 on 64-bit Linux, narrower elsewhere.
        #[allow(clippy::useless_conversion)]
        let (blocks, size) = (u64::from(st.f_bavail), u64::from(st.f_frsize));
        Some(blocks.saturating_mul(size))
    }

    /// NO_SPACE when the directory has less free space than the reserve.
    pub fn room(&self) -> Result<(), StoreError> {
        match self.free_bytes() {
            Some(free) if free < self.reserve_bytes => Err(StoreError::NoSpace {
                free_mib: free >> 20,
                reserve_mib: self.reserve_bytes >> 20,
            }),
            _ => Ok(()),
        }
    }
}

/// How the store's own head stands against the recorded one. `at_recorded` is the hash of the
/// store's own record at the recorded sequence, when it has one: a store ahead of its record
/// must still hold that record, or it is another history put in the directory.
pub fn compare(
    store: Head,
    recorded: Head,
    at_recorded: Option<[u8; 32]>,
) -> Result<(), StoreError> {
    let other_history = store.0 > recorded.0 && recorded.0 > 0 && at_recorded != Some(recorded.1);
    if store.0 < recorded.0 || (store.0 == recorded.0 && store.1 != recorded.1) || other_history {
        return Err(StoreError::Behind {
            store: store.0,
            store_hash: hex8(&store.1),
            recorded: recorded.0,
            recorded_hash: hex8(&recorded.1),
        });
    }
    Ok(())
}

fn hex8(hash: &[u8; 32]) -> String {
    hash.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_torn_copy_leaves_the_other_and_a_store_behind_is_named() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(recorded(dir.path()).unwrap(), None);
        let mut f = HeadFile::create(dir.path(), (1, [1; 32])).unwrap();
        f.write((2, [2; 32])).unwrap();
        f.write((3, [3; 32])).unwrap();
        assert_eq!(recorded(dir.path()).unwrap(), Some((3, [3; 32])));
        // The newest copy torn: the one before it is read.
        // `create` wrote both copies, so 2 went to the first file and 3 to the second.
        let newest = dir.path().join(NAMES[1]);
        let mut bytes = std::fs::read(&newest).unwrap();
        bytes[20] ^= 0xff;
        std::fs::write(&newest, &bytes).unwrap();
        assert_eq!(recorded(dir.path()).unwrap(), Some((2, [2; 32])));
        std::fs::write(dir.path().join(NAMES[0]), b"junk").unwrap();
        assert!(matches!(recorded(dir.path()), Err(StoreError::Corrupt(_))));
        assert!(
            compare((5, [5; 32]), (4, [4; 32]), Some([4; 32])).is_ok(),
            "ahead by a commit"
        );
        assert!(
            compare((5, [5; 32]), (4, [4; 32]), Some([7; 32])).is_err(),
            "ahead, but not through the recorded record: another history"
        );
        assert!(compare((4, [4; 32]), (4, [4; 32]), Some([4; 32])).is_ok());
        assert!(matches!(
            compare((3, [3; 32]), (4, [4; 32]), None),
            Err(StoreError::Behind {
                store: 3,
                recorded: 4,
                ..
            })
        ));
        assert!(
            compare((4, [9; 32]), (4, [4; 32]), Some([9; 32])).is_err(),
            "same length, other trail"
        );
        // Copies created but never written (an open cut short) read as absent.
        let fresh = tempfile::tempdir().unwrap();
        std::fs::write(fresh.path().join(NAMES[0]), b"").unwrap();
        std::fs::write(fresh.path().join(NAMES[1]), b"").unwrap();
        assert_eq!(recorded(fresh.path()).unwrap(), None);
    }
}
