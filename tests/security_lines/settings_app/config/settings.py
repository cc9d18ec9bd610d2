import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")  # ok: FL502
    SESSION_COOKIE_HTTPONLY = True  # ok: FL516
    WTF_CSRF_ENABLED = True  # ok: FL512


class ProductionConfig(Config):
    DEBUG = False  # ok: FL501
    SESSION_COOKIE_SECURE = True  # ok: FL516
    JWT_SECRET_KEY = "prod-jwt-signing-key-1f9a"  # expect: FL502
    DATABASE_PASSWORD = "Sup3rS3cret!"  # expect: FL502


class StagingConfig(Config):
    DEBUG = True  # expect: FL501
    SESSION_COOKIE_HTTPONLY = False  # expect: FL516
    REMEMBER_COOKIE_SECURE = False  # expect: FL516


class DevelopmentConfig(Config):
    DEBUG = True  # ok: FL501
    SECRET_KEY = "dev-only-key-123"  # ok: FL502
    SESSION_COOKIE_SECURE = False  # ok: FL516


class TestingConfig(Config):
    TESTING = True  # ok: FL501
    WTF_CSRF_ENABLED = False  # ok: FL512
    SECRET_KEY = "testing"  # ok: FL502


class LiveConfig(Config):
    TESTING = True  # expect: FL501
