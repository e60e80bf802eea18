//! `/platform/api/v1` (PlatformController).
