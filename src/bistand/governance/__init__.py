"""The socialnämnd's control of its delegates: rules approvals and anmälan av delegationsbeslut."""
