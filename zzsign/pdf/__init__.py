"""The signed copy as bytes, no Qt: the post-pass after Qt (``finish``) and the PAdES seal
(``seal``). Qt's drawing of the pages is ``zzsign.drawing``."""
