"""Playbook: a compiler from YAML playbooks and Markdown pages to Material for MkDocs sites."""

__version__ = "0.1.0"
