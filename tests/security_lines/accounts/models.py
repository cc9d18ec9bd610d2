from flask_sqlalchemy import SQLAlchemy
from marshmallow import Schema, fields

db = SQLAlchemy()


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False)
    email = db.Column(db.String(120), unique=True, nullable=False)
    role = db.Column(db.String(20), default="member")
    is_admin = db.Column(db.Boolean, default=False)


class UserSchema(Schema):
    name = fields.String(required=True)
    email = fields.Email(required=True)
