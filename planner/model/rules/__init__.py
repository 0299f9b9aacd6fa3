"""One module per hard rule family of the planning model (planning-model.md, Hard rules)."""
