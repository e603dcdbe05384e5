"""The mapping workbench (Koppelingen): a sample file's structure beside the common model,
per target field its source and transforms, value maps, a live preview, the XML text kept in
sync, and the mapping's versions."""
