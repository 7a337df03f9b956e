"""The insurer's buyer database: buyers, financial statements, legal events, country and
sector risk, imports and search. Shared by all insureds; owned by the insurer."""
