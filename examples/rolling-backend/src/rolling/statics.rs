//! Static files for the console, served from the control port: the page,
//! its scripts and its WebAssembly, with `index.html` for every path that
//! names no file, as a single-page app expects.

use std::path::{Path, PathBuf};

use hyper::header::{HeaderValue, CACHE_CONTROL, CONTENT_SECURITY_POLICY, X_CONTENT_TYPE_OPTIONS};
use hyper::{Response, StatusCode};

use crate::query;
use crate::reply::{self, Body};

/// A directory served as a website.
#[derive(Debug, Clone)]
pub struct StaticSite {
    root: PathBuf,
    csp: Option<HeaderValue>,
}

impl StaticSite {
    /// Serves files under `root`, adding `Content-Security-Policy: csp` to
    /// every answer when given.
    pub fn new(root: PathBuf, csp: Option<HeaderValue>) -> Self {
        Self { root, csp }
    }

    /// The file for the URL path `path`, or `index.html` when there is none.
    pub async fn serve(&self, path: &str) -> Response<Body> {
        let found = match self.resolve(path) {
            Some(file) => read(&file).await,
            None => None,
        };
        let found = match found {
            Some(found) => Some(found),
            None => read(&self.root.join("index.html")).await,
        };
        let Some((file, contents)) = found else {
            return reply::error(StatusCode::NOT_FOUND, format!("no file for {path}"));
        };

        let content_type = HeaderValue::from_static(content_type(&file));
        let mut response = reply::bytes(StatusCode::OK, content_type, contents.into());
        let headers = response.headers_mut();
        // Revalidate every time, so a rebuilt module is picked up on reload.
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        if let Some(csp) = &self.csp {
            headers.insert(CONTENT_SECURITY_POLICY, csp.clone());
        }
        response
    }

    /// The file a URL path names, refusing anything that could leave the
    /// root (`..`) or reach hidden files.
    fn resolve(&self, path: &str) -> Option<PathBuf> {
        let mut file = self.root.clone();
        for segment in query::segments(path) {
            let unsafe_segment = segment.starts_with('.') || segment.contains(['/', '\\', '\0']);
            if unsafe_segment {
                return None;
            }
            file.push(segment);
        }
        Some(file)
    }
}

/// The file and its bytes; a directory stands for its `index.html`.
async fn read(file: &Path) -> Option<(PathBuf, Vec<u8>)> {
    let metadata = tokio::fs::metadata(file).await.ok()?;
    let file = if metadata.is_dir() {
        file.join("index.html")
    } else {
        file.to_path_buf()
    };
    let contents = tokio::fs::read(&file).await.ok()?;
    Some((file, contents))
}

/// The content type for a file name. Browsers insist on `application/wasm`
/// for streaming compilation and on a JavaScript type for modules.
pub fn content_type(file: &Path) -> &'static str {
    let extension = file
        .extension()
        .and_then(|extension| extension.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json" | "map") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("txt") => "text/plain; charset=utf-8",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_and_wasm_files_get_the_types_browsers_require() {
        assert_eq!(
            content_type(Path::new("pkg/app_bg.wasm")),
            "application/wasm"
        );
        assert_eq!(
            content_type(Path::new("main.mjs")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("logo.SVG")), "image/svg+xml");
        assert_eq!(
            content_type(Path::new("LICENSE")),
            "application/octet-stream"
        );
    }

    #[test]
    fn paths_that_climb_out_of_the_root_resolve_to_nothing() {
        let site = StaticSite::new(PathBuf::from("/srv/console"), None);
        assert_eq!(
            site.resolve("/pkg/app.js"),
            Some(PathBuf::from("/srv/console/pkg/app.js"))
        );
        assert_eq!(site.resolve("/../etc/passwd"), None);
        assert_eq!(site.resolve("/%2e%2e/etc/passwd"), None);
        assert_eq!(site.resolve("/a%2Fb"), None);
        assert_eq!(site.resolve("/.git/config"), None);
    }
}
