"""SSBTEK v11 as published: SOAP 1.1 (document/literal) against Försäkringskassan's composite
service, with the agencies' XSDs in ``contract/v11`` (MIT, Sundsvalls kommun). Plain Python,
no Django: the transport, the codec and the mapping to :mod:`bistand.registers.types`.
See docs/adr/0105-ssbtek-soap-transport.md."""
