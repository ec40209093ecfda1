"""Lindung: jaminan sosial ketenagakerjaan bagi pekerja yang dibiayai pemerintah daerah."""

__version__ = "0.1.0"
