//! The browser driver.
