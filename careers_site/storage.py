from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files whose JavaScript module imports point at hashed names."""

    support_js_module_import_aggregation = True
